import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { NotificationKind } from '../../shared/account';
import type { Db, DbOrTx } from '../db/open';
import { commentThreads, comments, documents, pendingNotifications, teams, threadReads, users } from '../db/schema';
import { newId } from '../ids';
import type { Mailer } from '../mail/mailer';
import { canSeeDocument } from '../policies';
import { queueNotificationMail } from './notification-mail';
import { getSettings } from './settings';

type CommentKind = 'mention' | 'reply' | 'comment';
/** Which setting each kind of comment falls under. */
const settingFor: Record<CommentKind, NotificationKind> = { mention: 'mentions', reply: 'mentions', comment: 'comments' };
const strength: Record<CommentKind, number> = { mention: 3, reply: 2, comment: 1 };
/** Comment text in a mail is cut here; the rest is one click away. */
const MAX_BODY = 1000;

/**
 * Notes, in the comment's transaction, who should hear about it by e-mail: people it mentions,
 * people who wrote in the thread before, and whoever created the document. One reason each.
 */
export async function noteCommentForMail(
  db: DbOrTx,
  comment: { id: string; authorId: string; documentCreator: string | null },
  mentioned: Iterable<string>,
  repliedTo: Iterable<string>,
): Promise<void> {
  const reasons = new Map<string, CommentKind>();
  for (const id of mentioned) reasons.set(id, 'mention');
  for (const id of repliedTo) if (!reasons.has(id)) reasons.set(id, 'reply');
  if (comment.documentCreator && !reasons.has(comment.documentCreator)) reasons.set(comment.documentCreator, 'comment');
  reasons.delete(comment.authorId);
  const now = new Date();
  for (const [userId, kind] of reasons) {
    await db.insert(pendingNotifications).values({ id: newId(), userId, kind, commentId: comment.id, createdAt: now });
  }
}

/**
 * Mails what has waited at least `batchMs`: one mail per person with everything pending for them,
 * so a lively discussion is one mail, not twenty. What they may no longer see, have read in the app
 * meanwhile, or turned off, is dropped. Each person's pending rows go in the same transaction
 * that queues their mail: nothing is mailed twice or lost.
 */
export async function sendCommentNotifications(db: Db, mailer: Mailer, unsubscribeKey: Buffer, now: Date, batchMs: number): Promise<number> {
  const due = (await db
    .select({ userId: pendingNotifications.userId })
    .from(pendingNotifications)
    .groupBy(pendingNotifications.userId)
    .having(sql`min(${pendingNotifications.createdAt}) <= ${now.getTime() - batchMs}`));
  let mails = 0;
  for (const { userId } of due) {
    await db.transaction(async (tx) => {
      let rows = (await tx
        .select({
          id: pendingNotifications.id,
          kind: pendingNotifications.kind,
          commentId: comments.id,
          body: comments.body,
          createdAt: comments.createdAt,
          deletedAt: comments.deletedAt,
          authorName: users.name,
          threadId: commentThreads.id,
          documentId: documents.id,
          documentTitle: documents.title,
          teamName: teams.name,
        })
        .from(pendingNotifications)
        .innerJoin(comments, eq(comments.id, pendingNotifications.commentId))
        .innerJoin(users, eq(users.id, comments.authorId))
        .innerJoin(commentThreads, eq(commentThreads.id, comments.threadId))
        .innerJoin(documents, eq(documents.id, commentThreads.documentId))
        .innerJoin(teams, eq(teams.id, documents.teamId))
        .where(eq(pendingNotifications.userId, userId))
        .orderBy(asc(comments.createdAt)));
      // Only what this transaction removed is mailed: another sender (instance) that read the same
      // rows waits on them here and finds them gone.
      const claimed = new Set((await tx.delete(pendingNotifications)
        .where(inArray(pendingNotifications.id, rows.map((r) => r.id)))
        .returning({ id: pendingNotifications.id })).map((r) => r.id));
      rows = rows.filter((r) => claimed.has(r.id));
      const recipient = (await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)))[0];
      if (!recipient) return;
      const settings = await getSettings(tx, userId);
      const reads = new Map(
        (await tx
          .select({ threadId: threadReads.threadId, at: threadReads.readAt })
          .from(threadReads)
          .where(and(eq(threadReads.userId, userId), inArray(threadReads.threadId, rows.map((r) => r.threadId)))))
          .map((r) => [r.threadId, r.at.getTime()]),
      );
      const byComment = new Map<string, (typeof rows)[number] & { kind: CommentKind }>();
      for (const row of rows) {
        const kind = row.kind as CommentKind;
        if (!settings[settingFor[kind]] || row.deletedAt) continue;
        if ((reads.get(row.threadId) ?? 0) >= row.createdAt.getTime()) continue;
        // Decided now, through the policy: only comments on documents they may read.
        if (!await canSeeDocument(tx, userId, row.documentId)) continue;
        const seen = byComment.get(row.commentId);
        if (!seen || strength[kind] > strength[seen.kind]) byComment.set(row.commentId, { ...row, kind });
      }
      const items = [...byComment.values()];
      if (items.length === 0) return;
      const kinds = [...new Set(items.map((i) => settingFor[i.kind]))];
      await queueNotificationMail(tx, mailer, unsubscribeKey, recipient, kinds, 'notifications', (text) => {
        const first = items[0]!;
        return {
          subject:
            items.length === 1
              ? text.t(`notify.subject.${first.kind}`, { author: first.authorName, title: first.documentTitle })
              : text.plural('notify.subject.many', items.length),
          blocks: [
            { type: 'paragraph', text: text.t('notify.intro') },
            ...items.flatMap((item) => [
              { type: 'heading' as const, text: text.t(`notify.item.${item.kind}`, { author: item.authorName, title: item.documentTitle, team: item.teamName }) },
              { type: 'quote' as const, text: item.body.length > MAX_BODY ? `${item.body.slice(0, MAX_BODY)}…` : item.body },
              { type: 'link' as const, label: text.t('notify.open'), url: mailer.link(`/documents/${item.documentId}`) },
            ]),
          ],
        };
      });
      mails++;
    });
  }
  return mails;
}
