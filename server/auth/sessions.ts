import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { User } from '../../shared/schemas/auth';
import { type Db, type DbOrTx, rowsChanged } from '../db/open';
import { sessions, users } from '../db/schema';
import { newId } from '../ids';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'fellesrom_session';

export interface AuthContext {
  user: User;
  sessionId: string;
}

export async function createSession(db: Db, userId: string, ttlMs: number) {
  const token = newToken();
  const now = new Date();
  const session = { tokenHash: hashToken(token), id: newId(), userId, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
  await db.insert(sessions).values(session);
  return { token, id: session.id, expiresAt: session.expiresAt };
}

/** The live session for a cookie token, or null if unknown, revoked or expired. */
async function findSession(db: Db, token: string): Promise<AuthContext | null> {
  const row = (await db
    .select({ sessionId: sessions.id, id: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date()))))[0];
  return row ? { sessionId: row.sessionId, user: { id: row.id, email: row.email, name: row.name } } : null;
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of the account (but `keep`, the one making the change, if given). */
export async function revokeUserSessions(db: DbOrTx, userId: string, keep?: string): Promise<void> {
  await db.delete(sessions)
    .where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined));
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  return rowsChanged(await db.delete(sessions).where(lte(sessions.expiresAt, new Date())));
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** The session behind a Cookie header: for HTTP requests and for websocket upgrades (which bypass Hono). */
export async function sessionFromCookieHeader(db: Db, header: string | undefined): Promise<AuthContext | null> {
  const token = header ? parseCookies(header, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  return token ? await findSession(db, token) : null;
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
