/**
 * Deletion that deletes (DESIGN §5). The database runs with `secure_delete` on, so SQLite
 * overwrites deleted rows with zeros; the live copies in memory are dropped first; and after the
 * rows are gone the write-ahead log is checkpointed and truncated, so the text is in neither the
 * database file nor its -wal file afterwards.
 */
import { count, eq, inArray, sql } from 'drizzle-orm';
import { CloseCode } from '../../shared/close-codes';
import type { DeletionResult } from '../../shared/schemas/data';
import { isPostgres } from '../db/dialect';
import type { Db, DbOrTx } from '../db/open';
import { commentThreads, documentVersions, documents } from '../db/schema';
import type { Logger } from '../log';
import type { SyncServer } from '../sync/sync-server';

export interface EraseDeps {
  db: Db;
  sync: SyncServer;
  log: Logger;
}

/**
 * Runs `remove` (one transaction) once the documents it deletes are out of memory and closed to
 * everyone; their sockets are told `CloseCode.DELETED`. Then checkpoints.
 */
export async function eraseWith<T>(deps: EraseDeps, documentIds: string[], remove: (tx: DbOrTx) => Promise<T>): Promise<T> {
  const release = await deps.sync.evict(documentIds, CloseCode.DELETED, 'deleted');
  let deleted = false;
  try {
    const result = await deps.db.transaction((tx) => remove(tx));
    deleted = true;
    return result;
  } finally {
    await release(deleted);
    await checkpoint(deps);
  }
}

/**
 * Copies the write-ahead log into the database file and truncates it to zero bytes. If a reader
 * holds an old snapshot (a backup, say) the log cannot be truncated yet; the hourly retention job
 * checkpoints again.
 *
 * PostgreSQL has no secure_delete: a deleted row stays in its page until VACUUM removes it, and its
 * space is reused later (VACUUM FULL rewrites the tables). VACUUM of the tables that held content
 * runs here, so it is gone from the tables at once; what the server's WAL and backups hold is the
 * operator's retention (DESIGN §5, README).
 */
export async function checkpoint(deps: Pick<EraseDeps, 'db' | 'log'>): Promise<boolean> {
  if (isPostgres(deps.db)) {
    try {
      await deps.db.run(sql`VACUUM documents, document_updates, document_states, document_versions, comment_threads, comments, search_index, published_documents, mail_outbox`);
      return true;
    } catch (error) {
      deps.log.warn('vacuum after deletion failed; the next retention run retries', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
  const [row] = await deps.db.values<[number, number, number]>(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  const result = row && { busy: row[0], log: row[1], checkpointed: row[2] };
  if (result && result.busy !== 0) {
    deps.log.warn('checkpoint after deletion was blocked by a reader; the next retention run retries', { ...result });
    return false;
  }
  return true;
}

/** How much content the documents hold, for the person who deletes them. */
export async function countContent(db: DbOrTx, documentIds: string[]): Promise<DeletionResult> {
  if (documentIds.length === 0) return { documents: 0, threads: 0, versions: 0 };
  const threads = (await db.select({ n: count() }).from(commentThreads).where(inArray(commentThreads.documentId, documentIds)))[0]!.n;
  const versions = (await db.select({ n: count() }).from(documentVersions).where(inArray(documentVersions.documentId, documentIds)))[0]!.n;
  return { documents: documentIds.length, threads, versions };
}

/**
 * Deletes documents with everything hanging off them (log, state, threads, versions, inbox items,
 * visits, meeting, lesson clock, activity: the schema's cascades). Documents made from them
 * (next-round plans, observations) stay, unlinked.
 */
export async function deleteDocumentRows(db: DbOrTx, documentIds: string[]): Promise<void> {
  // In chunks: SQLite limits the number of bound parameters.
  for (let i = 0; i < documentIds.length; i += 500) {
    const chunk = documentIds.slice(i, i + 500);
    await db.update(documents).set({ derivedFrom: null }).where(inArray(documents.derivedFrom, chunk));
    await db.delete(documents).where(inArray(documents.id, chunk));
  }
}

export const documentIdsWhere = async (db: DbOrTx, column: typeof documents.teamId | typeof documents.cycleId, value: string): Promise<string[]> =>
  (await db.select({ id: documents.id }).from(documents).where(eq(column, value))).map((r) => r.id);
