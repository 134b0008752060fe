import { eq, lte } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/open';
import { oidcLogins } from '../db/schema';
import type { OidcChecks } from './oidc-client';
import { hashToken, newToken } from './tokens';

/** The browser's handle on its login under way; only on the callback's path, for ten minutes. */
const COOKIE = 'fellesrom_oidc';
const COOKIE_PATH = '/api/auth/oidc';
const TTL_MS = 10 * 60_000;

export interface PendingLogin extends OidcChecks {
  returnTo: string;
  linkUserId: string | null;
  inviteToken: string | null;
}

export async function beginLogin(c: Context, db: Db, login: PendingLogin): Promise<void> {
  const handle = newToken();
  const now = new Date();
  await db.insert(oidcLogins)
    .values({ idHash: hashToken(handle), ...login, createdAt: now, expiresAt: new Date(now.getTime() + TTL_MS) });
  setCookie(c, COOKIE, handle, {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET, which carries it; nothing else does.
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    path: COOKIE_PATH,
    maxAge: TTL_MS / 1000,
  });
}

/** The browser's pending login, removed as it is read: whatever the callback's outcome, it is used. */
export async function takeLogin(c: Context, db: Db): Promise<PendingLogin | null> {
  const handle = getCookie(c, COOKIE);
  deleteCookie(c, COOKIE, { path: COOKIE_PATH });
  if (!handle) return null;
  const row = (await db.delete(oidcLogins).where(eq(oidcLogins.idHash, hashToken(handle))).returning())[0];
  if (!row || row.expiresAt <= new Date()) return null;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.codeVerifier,
    returnTo: row.returnTo,
    linkUserId: row.linkUserId,
    inviteToken: row.inviteToken,
  };
}

export async function deleteExpiredLogins(db: Db): Promise<void> {
  await db.delete(oidcLogins).where(lte(oidcLogins.expiresAt, new Date()));
}
