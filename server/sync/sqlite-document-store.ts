import type Database from 'better-sqlite3';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { documentStates, documentUpdates } from '../db/schema';
import type { DocumentStore, StoredDocument } from './document-store';
import { type LogWriter, workerLogWriter } from './sqlite-log-writer';

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export class SqliteDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  /** The batch the worker is committing; the next waits for it. */
  private inFlight: Promise<void> | null = null;
  /** A worker thread that commits log appends (see sqlite-log-writer.ts); null: this thread does. */
  private readonly writer: LogWriter | null;

  private readonly selectState;
  private readonly selectUpdates;
  /**
   * The hot path (one commit per event-loop turn while people type) goes to better-sqlite3
   * directly: drizzle's transaction wrapper builds a database object and a tracing span per
   * commit, which the profile showed as ~8% of the server's CPU under load.
   */
  private readonly appendBatch: (batch: PendingAppend[]) => number[];

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
    options: { logWriter?: 'main' | 'worker' } = {},
  ) {
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
    const synchronous = ['OFF', 'NORMAL', 'FULL'][sqlite.pragma('synchronous', { simple: true }) as number] as 'OFF' | 'NORMAL' | 'FULL';
    this.writer = options.logWriter === 'worker' && !sqlite.memory ? workerLogWriter(sqlite.name, synchronous ?? 'FULL') : null;
    const insertUpdate = sqlite.prepare('INSERT INTO document_updates (document_id, "update") VALUES (?, ?) RETURNING seq').pluck();
    this.appendBatch = sqlite.transaction((batch: PendingAppend[]) =>
      batch.map((p) => insertUpdate.get(p.documentId, Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength)) as number),
    );
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
    while (this.inFlight) await this.inFlight;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer?.close();
  }

  private commitQueued(): void {
    this.scheduled = false;
    if (this.inFlight) return; // it commits the queue when it is done
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    if (!this.writer) {
      settle(batch, () => this.appendBatch(batch));
      return;
    }
    this.inFlight = this.writer.write(batch).then(
      (seqs) => settle(batch, () => seqs),
      (error) => settle(batch, () => {
        throw error;
      }),
    ).finally(() => {
      this.inFlight = null;
      this.commitQueued();
    });
  }
}

function settle(batch: PendingAppend[], seqs: () => number[]): void {
  let result: number[];
  try {
    result = seqs();
  } catch (error) {
    for (const p of batch) p.reject(error);
    return;
  }
  for (const [i, p] of batch.entries()) p.resolve(result[i]!);
}
