import { and, asc, count, eq, isNull, lte, min, or, sql } from 'drizzle-orm';
import { seal, unseal } from '../crypto/secret-key';
import type { Db, DbOrTx } from '../db/open';
import { mailOutbox } from '../db/schema';
import { newId } from '../ids';
import type { MailMessage } from './message';

export type MailKind = 'password_reset' | 'password_changed' | 'account_exists' | 'notifications' | 'digest' | 'tasks';

/**
 * Puts a mail in the queue, in the caller's transaction: whatever the user did and the mail about
 * it are stored together, and nobody waits for an SMTP server. The sender delivers it later.
 */
export function enqueueMail(db: DbOrTx, key: Buffer, mail: { kind: MailKind; userId: string | null; message: MailMessage }): string {
  const id = newId();
  const now = new Date();
  db.insert(mailOutbox)
    .values({ id, kind: mail.kind, userId: mail.userId, payload: seal(key, JSON.stringify(mail.message)), createdAt: now, nextAttemptAt: now })
    .run();
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
export function claimNextMail(db: Db, key: Buffer, now: Date, holdMs: number): QueuedMail | null {
  const row = db.transaction((tx) => {
    const next = tx.select().from(mailOutbox).where(due(now)).orderBy(asc(mailOutbox.nextAttemptAt)).limit(1).get();
    if (!next) return null;
    tx.update(mailOutbox)
      .set({ claimedUntil: new Date(now.getTime() + holdMs) })
      .where(eq(mailOutbox.id, next.id))
      .run();
    return next;
  });
  if (!row) return null;
  let message: MailMessage | null = null;
  try {
    message = row.payload ? (JSON.parse(unseal(key, row.payload)) as MailMessage) : null;
  } catch {
    // Sealed with another key (SECRET_KEY or DATA_DIR/secret.key changed): it can never be read.
  }
  return { id: row.id, kind: row.kind, attempts: row.attempts, createdAt: row.createdAt, message };
}

export function markSent(db: Db, id: string, now: Date): void {
  db.update(mailOutbox)
    .set({ sentAt: now, payload: null, claimedUntil: null, lastError: null, attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id))
    .run();
}

export function retryLater(db: Db, id: string, at: Date, error: string): void {
  db.update(mailOutbox)
    .set({ nextAttemptAt: at, claimedUntil: null, lastError: error.slice(0, 500), attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Gives a mail up for good. Its content is wiped like a delivered one's. */
export function markFailed(db: Db, id: string, now: Date, error: string): void {
  db.update(mailOutbox)
    .set({ failedAt: now, payload: null, claimedUntil: null, lastError: error.slice(0, 500), attempts: sqlIncrement() })
    .where(eq(mailOutbox.id, id))
    .run();
}

function sqlIncrement() {
  return sql`${mailOutbox.attempts} + 1`;
}

/** When the next queued mail is due (null: nothing queued). */
export function nextMailDue(db: Db): Date | null {
  const row = db
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt)))
    .get();
  return row?.at ? new Date(row.at) : null;
}

/** For metrics and health: how many mails wait, and how many were given up. */
export function mailQueueStats(db: Db): { queued: number; failed: number; oldestQueuedAt: Date | null } {
  const queued = db
    .select({ n: count(), oldest: min(mailOutbox.createdAt) })
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt)))
    .get()!;
  const failed = db.select({ n: count() }).from(mailOutbox).where(isNull(mailOutbox.sentAt)).get()!.n - queued.n;
  return { queued: queued.n, failed, oldestQueuedAt: queued.oldest ? new Date(queued.oldest) : null };
}
