import { and, countDistinct, eq, gt, isNull, lte, ne, or } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DocumentSinceVisit } from '../../shared/schemas/comments';
import type { Db } from '../db/open';
import { comments, commentThreads, documentVisits } from '../db/schema';
import type { SyncServer } from '../sync/sync-server';
import type { Viewer } from '../policies';

/**
 * What others added to a document's conversation since `viewer` last had it open: threads they
 * started, and older threads (or the reader's own) they answered. What arrived while the reader
 * had the document open was seen then: the visit is recorded again on leaving.
 */
export async function sinceVisit(db: Db, viewer: Viewer, documentId: string): Promise<DocumentSinceVisit> {
  const userId = viewer.userId;
  const visit = (await db
    .select()
    .from(documentVisits)
    .where(and(eq(documentVisits.documentId, documentId), eq(documentVisits.userId, userId))))[0];
  if (!visit) return { visitedAt: null, stateVector: null, newThreads: 0, threadsWithNewReplies: 0 };
  const since = visit.visitedAt;
  const newThreads = (await db
    .select({ n: countDistinct(commentThreads.id) })
    .from(commentThreads)
    .where(and(eq(commentThreads.documentId, documentId), gt(commentThreads.createdAt, since), ne(commentThreads.createdBy, userId))))[0]!.n;
  const threadsWithNewReplies = (await db
    .select({ n: countDistinct(commentThreads.id) })
    .from(commentThreads)
    .innerJoin(comments, eq(comments.threadId, commentThreads.id))
    .where(
      and(
        eq(commentThreads.documentId, documentId),
        or(lte(commentThreads.createdAt, since), eq(commentThreads.createdBy, userId)),
        gt(comments.createdAt, since),
        ne(comments.authorId, userId),
        isNull(comments.deletedAt),
      ),
    ))[0]!.n;
  return { visitedAt: since.toISOString(), stateVector: visit.stateVector.toString('base64'), newThreads, threadsWithNewReplies };
}

/** Remembers that `userId` has seen the document as it is now. */
export async function recordDocumentVisit(db: Db, sync: SyncServer, documentId: string, userId: string): Promise<void> {
  const stateVector = Buffer.from(Y.encodeStateVectorFromUpdate(await sync.readState(documentId)));
  const now = new Date();
  await db.insert(documentVisits)
    .values({ documentId, userId, visitedAt: now, stateVector })
    .onConflictDoUpdate({ target: [documentVisits.documentId, documentVisits.userId], set: { visitedAt: now, stateVector } });
}
