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
    /** What the server said beyond the code (e.g. which teams block an account deletion). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Any thrown value as an ApiError: what the UI knows how to word. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('internal', error instanceof Error ? error.message : String(error), 0);
}

interface RpcResponse<T> {
  ok: boolean;
  status: number;
  json(): Promise<T>;
  text(): Promise<string>;
}

/**
 * Awaits a typed RPC call and returns its JSON (undefined for an empty answer such as 204), or
 * throws an ApiError with the server's code. A body that is not JSON (a proxy's error page) is
 * an `internal` error with the status, never a crash.
 */
export async function call<T>(request: Promise<RpcResponse<T>>): Promise<T> {
  let res: RpcResponse<T>;
  let text: string;
  try {
    res = await request;
    text = await res.text();
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : 'network error', 0);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError('internal', `HTTP ${res.status}: the answer was not JSON`, res.status);
  }
  if (res.ok) return body as T;
  if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, res.status, body.error.details);
  throw new ApiError('internal', `HTTP ${res.status}`, res.status);
}
