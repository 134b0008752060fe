import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { documentStates, documentUpdates } from '../db/schema';
import type { DocumentStore, StoredDocument } from './document-store';

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export class SqliteDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private scheduled = false;

  private readonly selectState;
  private readonly selectUpdates;
  private readonly insertUpdate;

  constructor(private readonly db: Db) {
    this.selectState = db
      .select({ state: documentStates.state })
      .from(documentStates)
      .where(eq(documentStates.documentId, sql.placeholder('id')))
      .prepare();
    this.selectUpdates = db
      .select({ seq: documentUpdates.seq, update: documentUpdates.update })
      .from(documentUpdates)
      .where(eq(documentUpdates.documentId, sql.placeholder('id')))
      .orderBy(asc(documentUpdates.seq))
      .prepare();
    this.insertUpdate = db
      .insert(documentUpdates)
      .values({ documentId: sql.placeholder('id'), update: sql.placeholder('update') })
      .returning({ seq: documentUpdates.seq })
      .prepare();
  }

  async load(documentId: string): Promise<StoredDocument> {
    // One read transaction, so the state and the log belong to the same moment.
    return this.db.transaction(() => {
      const state = this.selectState.get({ id: documentId })?.state ?? null;
      const rows = this.selectUpdates.all({ id: documentId });
      return {
        state,
        updates: rows.map((r) => r.update),
        lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : 0,
      };
    });
  }

  append(documentId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ documentId, update, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Everything that arrives before the event loop's check phase joins this transaction.
        setImmediate(() => this.commitQueued());
      }
    });
  }

  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    const now = new Date();
    this.db.transaction((tx) => {
      tx.insert(documentStates)
        .values({ documentId, state: Buffer.from(state), compactedAt: now })
        .onConflictDoUpdate({ target: documentStates.documentId, set: { state: Buffer.from(state), compactedAt: now } })
        .run();
      tx.delete(documentUpdates)
        .where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.seq, throughSeq)))
        .run();
    });
  }

  async flush(): Promise<void> {
    this.commitQueued();
  }

  private commitQueued(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let seqs: number[];
    try {
      seqs = this.db.transaction(() =>
        batch.map((p) => this.insertUpdate.get({ id: p.documentId, update: Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength) })!.seq),
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(seqs[i]!);
  }
}
