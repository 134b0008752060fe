import { hc } from 'hono/client';
import type { AppType } from '../../server/app';
import { type ErrorCode, isErrorBody } from '../../shared/errors';

export const api = hc<AppType>('/api');

/** A failed API call, carrying the server's stable error code (or `network`). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Awaits a typed RPC call and returns its JSON, or throws an ApiError with the server's code. */
export async function call<T>(request: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  let res: Awaited<typeof request>;
  try {
    res = await request;
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : 'network error', 0);
  }
  if (res.ok) return res.json();
  const body: unknown = await res.json().catch(() => null);
  if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, res.status);
  throw new ApiError('internal', `HTTP ${res.status}`, res.status);
}
