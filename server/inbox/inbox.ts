import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { InboxItem } from '../../shared/schemas/comments';
import type { Db } from '../db/open';
import { commentThreads, comments, documents, inboxItems, teams, users } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';

/** Mentions of me and replies to threads I wrote in, on documents I can (still) see. */
export async function listInbox(db: Db, viewer: Viewer): Promise<InboxItem[]> {
  const userId = viewer.userId;
  return (await db
    .select({
      item: inboxItems,
      teamName: teams.name,
      documentId: documents.id,
      documentTitle: documents.title,
      authorName: users.name,
      body: comments.body,
    })
    .from(inboxItems)
    .innerJoin(teams, eq(teams.id, inboxItems.teamId))
    .innerJoin(commentThreads, eq(commentThreads.id, inboxItems.threadId))
    .innerJoin(documents, eq(documents.id, commentThreads.documentId))
    .innerJoin(comments, eq(comments.id, inboxItems.commentId))
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(inboxItems.userId, userId), isNull(comments.deletedAt), visibleTo(viewer)))
    .orderBy(desc(inboxItems.createdAt))
    .limit(100))
    .map(({ item, teamName, documentId, documentTitle, authorName, body }) => ({
      id: item.id,
      kind: item.kind as InboxItem['kind'],
      teamId: item.teamId,
      teamName,
      documentId,
      documentTitle,
      threadId: item.threadId,
      authorName,
      excerpt: body.slice(0, 160),
      createdAt: item.createdAt.toISOString(),
      read: item.readAt !== null,
    }));
}

export async function markInboxRead(db: Db, userId: string, ids?: string[]): Promise<void> {
  await db.update(inboxItems)
    .set({ readAt: new Date() })
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt), ids ? inArray(inboxItems.id, ids) : undefined));
}
