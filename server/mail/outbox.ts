import { and, asc, count, eq, gt, isNull, lte, min, or, sql } from 'drizzle-orm';
import { seal, unseal } from '../crypto/secret-key';
import { type Db, type DbOrTx, rowsChanged } from '../db/open';
import { mailOutbox } from '../db/schema';
import { newId } from '../ids';
import type { MailMessage } from './message';

export type MailKind = 'password_reset' | 'password_changed' | 'account_exists' | 'notifications' | 'digest' | 'tasks';

/**
 * Puts a mail in the queue, in the caller's transaction: whatever the user did and the mail about
 * it are stored together, and nobody waits for an SMTP server. The sender delivers it later.
 */
export async function enqueueMail(db: DbOrTx, key: Buffer, mail: { kind: MailKind; userId: string | null; message: MailMessage }): Promise<string> {
  const id = newId();
  const now = new Date();
  await db.insert(mailOutbox)
    .values({ id, kind: mail.kind, userId: mail.userId, payload: seal(key, JSON.stringify(mail.message)), createdAt: now, nextAttemptAt: now });
  return id;
}

export interface QueuedMail {
  id: string;
  kind: string;
  attempts: number;
  createdAt: Date;
  message: MailMessage | null;
}

const due = (now: Date) =>
  and(
    isNull(mailOutbox.sentAt),
    isNull(mailOutbox.failedAt),
    lte(mailOutbox.nextAttemptAt, now),
    or(isNull(mailOutbox.claimedUntil), lte(mailOutbox.claimedUntil, now)),
  );

/** Takes the next mail that is due, holding it for `holdMs` so no other sender takes it too. */
export async function claimNextMail(db: Db, key: Buffer, now: Date, holdMs: number): Promise<QueuedMail | null> {
  let row: typeof mailOutbox.$inferSelect | undefined;
  // The claim repeats the test for "due" in its update: of two senders (instances) that picked the
  // same mail, one claims it and the other takes the next one.
  for (let tries = 0; tries < 5 && !row; tries++) {
    const next = (await db.select().from(mailOutbox).where(due(now)).orderBy(asc(mailOutbox.nextAttemptAt)).limit(1))[0];
    if (!next) return null;
    const claimed = await db.update(mailOutbox)
      .set({ claimedUntil: new Date(now.getTime() + holdMs) })
      .where(and(eq(mailOutbox.id, next.id), due(now)));
    if (rowsChanged(claimed) === 1) row = next;
  }
  if (!row) return null;
  let message: MailMessage | null = null;
  try {
    message = row.payload ? (JSON.parse(unseal(key, row.payload)) as MailMessage) : null;
  } catch {
    // Sealed with another key (SECRET_KEY or DATA_DIR/secret.key changed): it can never be read.
  }
  return { id: row.id, kind: row.kind, attempts: row.attempts, createdAt: row.createdAt, message };
}

export async function markSent(db: Db, id: string, now: Date): Promise<void> {
  await db.update(mailOutbox)
    .set({ sentAt: now, payload: null, claimedUntil: null, lastError: null, attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id));
}

export async function retryLater(db: Db, id: string, at: Date, error: string): Promise<void> {
  await db.update(mailOutbox)
    .set({ nextAttemptAt: at, claimedUntil: null, lastError: error.slice(0, 500), attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id));
}

/** Gives a mail up for good. Its content is wiped like a delivered one's. */
export async function markFailed(db: Db, id: string, now: Date, error: string): Promise<void> {
  await db.update(mailOutbox)
    .set({ failedAt: now, payload: null, claimedUntil: null, lastError: error.slice(0, 500), attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id));
}

function sqlIncrement() {
  return sql`${mailOutbox.attempts} + 1`;
}

/**
 * When the next queued mail is due (null: nothing queued): its next attempt, or the end of its
 * hold where a sender holds it past that (another instance delivering it, or one that stopped
 * mid-delivery): a sender that looked again before then would find nothing to take, and look
 * again at once, for as long as the hold lasts.
 */
export async function nextMailDue(db: Db): Promise<Date | null> {
  const queued = and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt));
  const free = (await db
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(and(queued, or(isNull(mailOutbox.claimedUntil), lte(mailOutbox.claimedUntil, mailOutbox.nextAttemptAt)))))[0]?.at;
  const held = (await db
    .select({ at: min(mailOutbox.claimedUntil) })
    .from(mailOutbox)
    .where(and(queued, gt(mailOutbox.claimedUntil, mailOutbox.nextAttemptAt))))[0]?.at;
  const times = [free, held].filter((t): t is Date => t != null).map((t) => new Date(t).getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

/** For metrics and health: how many mails wait, and how many were given up. */
export async function mailQueueStats(db: Db): Promise<{ queued: number; failed: number; oldestQueuedAt: Date | null }> {
  const queued = (await db
    .select({ n: count(), oldest: min(mailOutbox.createdAt) })
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt))))[0]!;
  const failed = (await db.select({ n: count() }).from(mailOutbox).where(isNull(mailOutbox.sentAt)))[0]!.n - queued.n;
  return { queued: queued.n, failed, oldestQueuedAt: queued.oldest ? new Date(queued.oldest) : null };
}
