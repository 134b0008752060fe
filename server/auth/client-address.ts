import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The first address in X-Forwarded-For, if we are behind our own proxy and it sent one. */
const forwardedFor = (header: string | undefined, trustProxy: boolean) => (trustProxy ? header?.split(',')[0]?.trim() || undefined : undefined);

/** The caller's address, for rate limits. Forwarded headers only count behind our own proxy. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = forwardedFor(c.req.header('x-forwarded-for'), trustProxy);
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The same for a raw request (a websocket upgrade, which does not pass through Hono). */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string {
  const header = req.headers['x-forwarded-for'];
  return forwardedFor(Array.isArray(header) ? header[0] : header, trustProxy) ?? req.socket.remoteAddress ?? 'unknown';
}
