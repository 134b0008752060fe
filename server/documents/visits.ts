import { and, eq, gt, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DocumentSinceVisit } from '../../shared/schemas/comments';
import type { Db } from '../db/open';
import { commentThreads, documentVisits } from '../db/schema';
import type { SyncServer } from '../sync/sync-server';
import { unreadCounts } from '../comments/comments';
import type { Viewer } from '../policies';

/** What is new in a document for `viewer` since their last visit. */
export function sinceVisit(db: Db, viewer: Viewer, documentId: string): DocumentSinceVisit {
  const userId = viewer.userId;
  const visit = db
    .select()
    .from(documentVisits)
    .where(and(eq(documentVisits.documentId, documentId), eq(documentVisits.userId, userId)))
    .get();
  const newThreads = visit
    ? db
        .select({ n: sql<number>`count(*)` })
        .from(commentThreads)
        .where(
          and(eq(commentThreads.documentId, documentId), gt(commentThreads.createdAt, visit.visitedAt), sql`${commentThreads.createdBy} <> ${userId}`),
        )
        .get()!.n
    : 0;
  const unread = unreadCounts(db, viewer, [documentId]).get(documentId) ?? 0;
  return {
    visitedAt: visit?.visitedAt.toISOString() ?? null,
    stateVector: visit ? visit.stateVector.toString('base64') : null,
    newThreads,
    threadsWithNewReplies: Math.max(0, unread - newThreads),
  };
}

/** Remembers that `userId` has seen the document as it is now. */
export async function recordDocumentVisit(db: Db, sync: SyncServer, documentId: string, userId: string): Promise<void> {
  const stateVector = Buffer.from(Y.encodeStateVectorFromUpdate(await sync.readState(documentId)));
  const now = new Date();
  db.insert(documentVisits)
    .values({ documentId, userId, visitedAt: now, stateVector })
    .onConflictDoUpdate({ target: [documentVisits.documentId, documentVisits.userId], set: { visitedAt: now, stateVector } })
    .run();
}
