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
    c.set('auth', sessionFromCookieHeader(db, c.req.header('cookie')));
    await next();
  };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    if (!isAllowedOrigin(origin, c.req.header('host'), config.publicOrigin)) {
      throw new AppError(403, 'forbidden', 'Cross-site request refused');
    }
    return next();
  };

export function isAllowedOrigin(origin: string, host: string | undefined, publicOrigin: string | null): boolean {
  if (publicOrigin && origin === publicOrigin) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
