import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { documents } from '../db/schema';
import type { SyncServer } from '../sync/sync-server';

/**
 * Deletes a document and everything that hangs on it: content (log and state), versions, comment
 * threads with their comments and inbox items, visits, its meeting, its lesson clock, its activity
 * (all by the schema's cascades; nothing of it is left to name in the activity feed either). Its
 * live sockets are closed as "not found" first, so nothing is written for it again. Documents made
 * from it (next-round plans, observations) stay, unlinked.
 */
export async function deleteDocument(db: Db, sync: SyncServer, documentId: string): Promise<void> {
  await sync.forget(documentId);
  db.transaction((tx) => {
    tx.update(documents).set({ derivedFrom: null }).where(eq(documents.derivedFrom, documentId)).run();
    tx.delete(documents).where(eq(documents.id, documentId)).run();
  });
}
