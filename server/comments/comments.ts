import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Comment, CreateThreadBody, Thread, ThreadOverview } from '../../shared/schemas/comments';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { commentThreads, comments, documents, inboxItems, threadReads, users } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import { noteCommentForMail } from '../notifications/comment-notifications';
import { authorizeMentions, peopleWhoCanSee, type Viewer, visibleTo } from '../policies';

type ThreadRow = typeof commentThreads.$inferSelect;

/** An anchor must be a Yjs relative position; anything else is refused before it is stored. */
function assertAnchor(encoded: string): void {
  try {
    Y.decodeRelativePosition(Buffer.from(encoded, 'base64'));
  } catch {
    throw new AppError(400, 'validation_failed', 'The comment anchor is not a valid position');
  }
}

/**
 * Puts the comment into the inboxes of the people it concerns: those it mentions (already checked
 * by `authorizeMentions`) and those who wrote in the thread before, as long as they can still see
 * the document.
 */
async function notifyPeople(db: Db, thread: Pick<ThreadRow, 'id' | 'teamId' | 'documentId'>, commentId: string, authorId: string, mentions: string[]) {
  const now = new Date();
  const { id: threadId, teamId } = thread;
  const mentioned = new Set(mentions.filter((id) => id !== authorId));
  for (const userId of mentioned) {
    await db.insert(inboxItems).values({ id: newId(), userId, teamId, kind: 'mention', threadId, commentId, createdAt: now });
  }
  const canSee = new Set((await peopleWhoCanSee(db, thread.documentId)).map((p) => p.id));
  const participants = (await db
    .selectDistinct({ id: comments.authorId })
    .from(comments)
    .where(and(eq(comments.threadId, threadId), isNull(comments.deletedAt))))
    .map((r) => r.id)
    .filter((id) => id !== authorId && !mentioned.has(id) && canSee.has(id));
  for (const userId of participants) {
    await db.insert(inboxItems).values({ id: newId(), userId, teamId, kind: 'reply', threadId, commentId, createdAt: now });
  }
  const documentCreator = (await db.select({ id: documents.createdBy }).from(documents).where(eq(documents.id, thread.documentId)))[0]?.id ?? null;
  await noteCommentForMail(db, { id: commentId, authorId, documentCreator }, mentioned, participants);
}

export async function createThread(db: Db, teamId: string, documentId: string, userId: string, body: CreateThreadBody): Promise<string> {
  assertAnchor(body.anchorStart);
  assertAnchor(body.anchorEnd);
  return await db.transaction(async () => {
    const now = new Date();
    const threadId = newId();
    await db.insert(commentThreads)
      .values({
        id: threadId,
        teamId,
        documentId,
        anchorStart: body.anchorStart,
        anchorEnd: body.anchorEnd,
        quote: body.quote,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
        resolvedAt: null,
        resolvedBy: null,
      });
    const commentId = newId();
    const mentions = await authorizeMentions(db, documentId, body.mentions);
    await db.insert(comments).values({ id: commentId, threadId, authorId: userId, body: body.body, mentions, createdAt: now });
    await markThreadRead(db, threadId, userId);
    await notifyPeople(db, { id: threadId, teamId, documentId }, commentId, userId, mentions);
    await recordActivity(db, { teamId, actorId: userId, verb: 'comment.created', documentId, threadId, summary: { quote: body.quote.slice(0, 80) } });
    return threadId;
  });
}

export async function reply(db: Db, thread: ThreadRow, userId: string, body: string, mentionIds: string[]): Promise<void> {
  await db.transaction(async () => {
    const now = new Date();
    const commentId = newId();
    const mentions = await authorizeMentions(db, thread.documentId, mentionIds);
    await db.insert(comments).values({ id: commentId, threadId: thread.id, authorId: userId, body, mentions, createdAt: now });
    await notifyPeople(db, thread, commentId, userId, mentions);
    await db.update(commentThreads).set({ updatedAt: now }).where(eq(commentThreads.id, thread.id));
    await markThreadRead(db, thread.id, userId);
    await recordActivity(db, { teamId: thread.teamId, actorId: userId, verb: 'comment.replied', documentId: thread.documentId, threadId: thread.id });
  });
}

export async function findComment(db: Db, threadId: string, commentId: string) {
  return (await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.threadId, threadId), isNull(comments.deletedAt))))[0];
}

export async function editComment(db: Db, thread: ThreadRow, commentId: string, body: string, mentionIds: string[]): Promise<void> {
  const now = new Date();
  await db.update(comments)
    .set({ body, mentions: await authorizeMentions(db, thread.documentId, mentionIds), editedAt: now })
    .where(eq(comments.id, commentId));
  await db.update(commentThreads).set({ updatedAt: now }).where(eq(commentThreads.id, thread.id));
}

/** Deleting keeps a tombstone, so replies after it still make sense. */
export async function deleteComment(db: Db, thread: ThreadRow, commentId: string): Promise<void> {
  const now = new Date();
  await db.update(comments).set({ body: '', mentions: [], deletedAt: now }).where(eq(comments.id, commentId));
  await db.update(commentThreads).set({ updatedAt: now }).where(eq(commentThreads.id, thread.id));
}

export async function setResolved(db: Db, thread: ThreadRow, userId: string, resolved: boolean): Promise<void> {
  const now = new Date();
  await db.update(commentThreads)
    .set({ resolvedAt: resolved ? now : null, resolvedBy: resolved ? userId : null, updatedAt: now })
    .where(eq(commentThreads.id, thread.id));
  await recordActivity(db, {
    teamId: thread.teamId,
    actorId: userId,
    verb: resolved ? 'thread.resolved' : 'thread.reopened',
    documentId: thread.documentId,
    threadId: thread.id,
  });
}

export async function markThreadRead(db: Db, threadId: string, userId: string): Promise<void> {
  const now = new Date();
  await db.insert(threadReads)
    .values({ threadId, userId, readAt: now })
    .onConflictDoUpdate({ target: [threadReads.threadId, threadReads.userId], set: { readAt: now } });
  await db.update(inboxItems)
    .set({ readAt: now })
    .where(and(eq(inboxItems.threadId, threadId), eq(inboxItems.userId, userId), isNull(inboxItems.readAt)));
}

/** A thread's own columns as JSON: what the API and the team export both carry. */
export function threadFields(t: ThreadRow) {
  return {
    id: t.id,
    documentId: t.documentId,
    anchorStart: t.anchorStart,
    anchorEnd: t.anchorEnd,
    quote: t.quote,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
  };
}

export async function findThread(db: Db, threadId: string): Promise<ThreadRow | null> {
  return (await db.select().from(commentThreads).where(eq(commentThreads.id, threadId)))[0] ?? null;
}

/** Threads with unread comments by others, per thread id, for `userId`. */
async function unreadThreadIds(db: Db, userId: string, threadIds: string[]): Promise<Set<string>> {
  if (threadIds.length === 0) return new Set();
  const rows = (await db
    .selectDistinct({ id: comments.threadId })
    .from(comments)
    .leftJoin(threadReads, and(eq(threadReads.threadId, comments.threadId), eq(threadReads.userId, userId)))
    .where(
      and(
        inArray(comments.threadId, threadIds),
        sql`${comments.authorId} <> ${userId}`,
        isNull(comments.deletedAt),
        sql`(${threadReads.readAt} is null or ${comments.createdAt} > ${threadReads.readAt})`,
      ),
    ));
  return new Set(rows.map((r) => r.id));
}

/** A document's threads with their comments, if `viewer` may see the document (none otherwise). */
export async function listThreads(db: Db, viewer: Viewer, documentId: string, onlyThreadId?: string): Promise<Thread[]> {
  const userId = viewer.userId;
  const threads = (await db
    .select({ t: commentThreads, resolvedByName: users.name })
    .from(commentThreads)
    .innerJoin(documents, eq(documents.id, commentThreads.documentId))
    .leftJoin(users, eq(users.id, commentThreads.resolvedBy))
    .where(and(eq(commentThreads.documentId, documentId), onlyThreadId ? eq(commentThreads.id, onlyThreadId) : undefined, visibleTo(viewer)))
    .orderBy(asc(commentThreads.createdAt)));
  const ids = threads.map((r) => r.t.id);
  const allComments = ids.length
    ? (await db
        .select({ c: comments, authorName: users.name })
        .from(comments)
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(inArray(comments.threadId, ids))
        .orderBy(asc(comments.createdAt)))
    : [];
  const unread = await unreadThreadIds(db, userId, ids);
  return threads.map(({ t, resolvedByName }) => ({
    ...threadFields(t),
    resolvedByName,
    unread: unread.has(t.id),
    comments: allComments
      .filter(({ c }) => c.threadId === t.id)
      .map(
        ({ c, authorName }): Comment => ({
          id: c.id,
          authorId: c.authorId,
          authorName,
          body: c.body,
          mentions: c.mentions,
          createdAt: c.createdAt.toISOString(),
          editedAt: c.editedAt?.toISOString() ?? null,
          deleted: c.deletedAt !== null,
        }),
      ),
  }));
}

/** The conversation across the team, on the documents `viewer` may see: threads with their latest comment, newest first. */
export async function teamThreads(db: Db, viewer: Viewer, teamId: string, status: 'open' | 'resolved' | 'all'): Promise<ThreadOverview[]> {
  const userId = viewer.userId;
  const rows = (await db
    .select({ t: commentThreads, documentTitle: documents.title, createdByName: users.name })
    .from(commentThreads)
    .innerJoin(documents, eq(documents.id, commentThreads.documentId))
    .innerJoin(users, eq(users.id, commentThreads.createdBy))
    .where(
      and(
        eq(commentThreads.teamId, teamId),
        status === 'open' ? isNull(commentThreads.resolvedAt) : status === 'resolved' ? sql`${commentThreads.resolvedAt} is not null` : undefined,
        visibleTo(viewer),
      ),
    )
    .orderBy(desc(commentThreads.updatedAt))
    .limit(200));
  const ids = rows.map((r) => r.t.id);
  const stats = ids.length
    ? (await db
        .select({
          threadId: comments.threadId,
          count: sql<number>`count(*)`,
          last: sql<number>`max(${comments.createdAt})`,
        })
        .from(comments)
        .where(and(inArray(comments.threadId, ids), isNull(comments.deletedAt)))
        .groupBy(comments.threadId))
    : [];
  const unread = await unreadThreadIds(db, userId, ids);
  return Promise.all(rows.map(async ({ t, documentTitle, createdByName }) => {
    const s = stats.find((x) => x.threadId === t.id);
    const last = (await db
      .select({ body: comments.body })
      .from(comments)
      .where(and(eq(comments.threadId, t.id), isNull(comments.deletedAt)))
      .orderBy(desc(comments.createdAt)))[0];
    return {
      id: t.id,
      documentId: t.documentId,
      documentTitle,
      quote: t.quote,
      createdByName,
      commentCount: s?.count ?? 0,
      lastCommentAt: new Date(s?.last ?? t.updatedAt.getTime()).toISOString(),
      lastCommentBody: (last?.body ?? '').slice(0, 200),
      resolved: t.resolvedAt !== null,
      unread: unread.has(t.id),
    };
  }));
}

/** Per document `viewer` may see: how many threads are new to them, or have new replies. */
export async function unreadCounts(db: Db, viewer: Viewer, documentIds: string[]): Promise<Map<string, number>> {
  if (documentIds.length === 0) return new Map();
  const threads = (await db
    .select({ id: commentThreads.id, documentId: commentThreads.documentId })
    .from(commentThreads)
    .innerJoin(documents, eq(documents.id, commentThreads.documentId))
    .where(and(inArray(commentThreads.documentId, documentIds), visibleTo(viewer))));
  const unread = await unreadThreadIds(db, viewer.userId, threads.map((t) => t.id));
  const counts = new Map<string, number>();
  for (const t of threads) if (unread.has(t.id)) counts.set(t.documentId, (counts.get(t.documentId) ?? 0) + 1);
  return counts;
}
