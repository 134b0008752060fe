import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { User } from '../../shared/schemas/auth';
import { type Db, rowsChanged } from '../db/open';
import { passwordResets, users } from '../db/schema';
import { AppError } from '../errors';
import { queuePasswordChangedMail, queuePasswordResetMail } from '../mail/account-mails';
import type { Mailer } from '../mail/mailer';
import { hashPassword, verifyPassword } from './passwords';
import { revokeUserSessions } from './sessions';
import { hashToken, newToken } from './tokens';

export const RESET_LINK_TTL_MS = 60 * 60_000;

/**
 * Mails a reset link if the address has an account; does nothing visible otherwise, so the
 * answer never tells whether an account exists. A new link replaces any older unused one.
 */
export async function requestPasswordReset(db: Db, mailer: Mailer, email: string): Promise<void> {
  const user = (await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email)))[0];
  if (!user) return;
  const token = newToken();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.delete(passwordResets).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets)
      .values({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS) });
    await queuePasswordResetMail(tx, mailer, user, token);
  });
}

const invalidLink = () => new AppError(400, 'link_invalid', 'This reset link was used, has expired or does not exist');

/**
 * Sets the password behind a reset link and ends every session of the account. The link works
 * once: of two requests racing with it, only the one that marks it used goes on.
 */
export async function confirmPasswordReset(db: Db, token: string, password: string): Promise<User> {
  const tokenHash = hashToken(token);
  const pending = (await db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date()))))[0];
  if (!pending) throw invalidLink();
  const passwordHash = await hashPassword(password);
  return await db.transaction(async (tx) => {
    const now = new Date();
    const used = (await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now))));
    if (rowsChanged(used) !== 1) throw invalidLink();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, pending.userId));
    await tx.delete(passwordResets).where(and(eq(passwordResets.userId, pending.userId), isNull(passwordResets.usedAt)));
    await revokeUserSessions(tx, pending.userId);
    return (await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, pending.userId)))[0]!;
  });
}

/**
 * A signed-in person changes their password (or sets a first one, for an account that only signed
 * in with OpenID Connect). Every other session ends; the owner is told by mail.
 */
export async function changePassword(
  db: Db,
  mailer: Mailer,
  user: User,
  keepSessionId: string,
  body: { currentPassword?: string | undefined; newPassword: string },
): Promise<void> {
  const row = (await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)))[0];
  if (!row) throw new AppError(401, 'unauthenticated', 'Sign in first');
  if (row.passwordHash !== null) {
    const ok = body.currentPassword !== undefined && (await verifyPassword(body.currentPassword, row.passwordHash));
    if (!ok) throw new AppError(403, 'wrong_password', 'The current password is not right');
  }
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, keepSessionId);
    await queuePasswordChangedMail(tx, mailer, user, new Date());
  });
}

/** Links that can no longer be used are of no further use to keep. */
export async function deleteExpiredResets(db: Db): Promise<void> {
  const now = new Date();
  await db.delete(passwordResets).where(or(lte(passwordResets.expiresAt, now), lte(passwordResets.usedAt, now)));
}
