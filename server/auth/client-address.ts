import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The first address in X-Forwarded-For, which only counts behind our own proxy. */
const forwarded = (header: string | string[] | undefined, trustProxy: boolean): string | undefined =>
  trustProxy ? (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim() || undefined : undefined;

/** The caller's address, for rate limits and the audit log. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const viaProxy = forwarded(c.req.header('x-forwarded-for'), trustProxy);
  if (viaProxy) return viaProxy;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The same for a websocket upgrade, which reaches us as a plain Node request. */
export function upgradeAddress(req: IncomingMessage, trustProxy: boolean): string {
  const viaProxy = forwarded(req.headers['x-forwarded-for'], trustProxy);
  if (viaProxy) return viaProxy;
  const address = req.socket.remoteAddress ?? 'unknown';
  // Node keeps the peer's address, once read, on the socket for its whole life (88 bytes on every
  // idle websocket); it is needed only now, and is read again from the handle if asked for.
  (req.socket as { _peername?: unknown })._peername = undefined;
  return address;
}
