import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import type { AppEnv } from '../context';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { readSessionCookie, sessionFromCookieHeader } from './sessions';

/** Puts the caller's session (or null) on the context for every request, websocket upgrades too. */
export const loadSession =
  (db: Db): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('auth', await sessionFromCookieHeader(db, c.req.header('cookie')));
    await next();
  };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The scheme a request came in with: its own socket's, or a proxy's X-Forwarded-Proto when the
 * proxy is ours (TRUST_PROXY).
 */
export function requestScheme(encrypted: boolean, forwardedProto: string | undefined, trustProxy: boolean): 'http' | 'https' {
  const forwarded = trustProxy ? forwardedProto?.split(',')[0]?.trim().toLowerCase() : undefined;
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return encrypted ? 'https' : 'http';
}

/**
 * Whether `origin` is our own: exactly PUBLIC_ORIGIN, or the scheme and host this request was
 * made to. A page on http://our-host may not act for https://our-host, nor the other way round.
 */
export function isAllowedOrigin(origin: string, request: { scheme: 'http' | 'https'; host: string | undefined }, publicOrigin: string | null): boolean {
  if (publicOrigin && origin === publicOrigin) return true;
  if (!request.host) return false;
  try {
    const url = new URL(origin);
    return url.origin === origin && url.protocol === `${request.scheme}:` && url.host === new URL(`${request.scheme}://${request.host}`).host;
  } catch {
    return false;
  }
}

/**
 * CSRF: a state change from a browser must come from our own origin. Browsers always send
 * Origin on POST/PATCH/DELETE; a request that carries our cookie but no Origin is refused too.
 * (Websocket upgrades are checked the same way in routes/collab/upgrade.ts.)
 */
export const checkOrigin =
  (config: Config): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin === undefined) {
      if (readSessionCookie(c)) throw new AppError(403, 'forbidden', 'Missing Origin header');
      return next();
    }
    const scheme = requestScheme(new URL(c.req.url).protocol === 'https:', c.req.header('x-forwarded-proto'), config.trustProxy);
    if (!isAllowedOrigin(origin, { scheme, host: c.req.header('host') }, config.publicOrigin)) {
      throw new AppError(403, 'forbidden', 'Cross-site request refused');
    }
    return next();
  };
