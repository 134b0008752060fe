import type Database from 'better-sqlite3';
import type { SqliteGate } from '../db/sqlite-gate';
import { synchronousOf } from '../db/sqlite-worker';
import { DeletedDocumentError, type DocumentStore, type StoredDocument } from './document-store';
import { type LogWriter, workerLogWriter } from './sqlite-log-writer';

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Edits waiting for a spaced commit that make it worth committing at once: the fsync is shared
 * widely enough, and more waiting would only delay them (at 5 keystrokes/s from 200 people, 12 ms
 * gathers about 12).
 */
const COMMIT_EARLY_AT = 16;

/**
 * The appended row's sequence number, or null when the document was gone (nothing inserted). Read
 * from the statement's result rather than with RETURNING, which costs a fifth more per row.
 */
export const appended = (result: { changes: number; lastInsertRowid: number | bigint }): number | null => (result.changes === 1 ? Number(result.lastInsertRowid) : null);

/**
 * No row for a deleted document (its foreign key would fail the whole batch instead): no
 * sequence number comes back, and that one append is refused. The log writer's worker runs the
 * same statement.
 */
export const APPEND = 'INSERT INTO document_updates (document_id, "update") SELECT ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)';

/**
 * The update log in SQLite, through better-sqlite3 directly: the hot path (one commit per
 * event-loop turn while people type) must not pay for a query builder, and every statement on the
 * server's connection goes through the gate so that it never lands inside a domain transaction
 * another request has open. (The worker's appends use the worker's own connection.)
 */
export class SqliteDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  /** The batch the worker is committing; the next waits for it. */
  private inFlight: Promise<void> | null = null;
  /** A worker thread that commits log appends (see sqlite-log-writer.ts); null: this thread does. */
  private readonly writer: LogWriter | null;
  /** At least this long between the starts of two commits (see LOG_COMMIT_SPACING_MS). */
  private readonly spacingMs: number;
  private lastCommitAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  private readonly readDocument: (documentId: string) => StoredDocument;
  private readonly appendBatch: (batch: PendingAppend[]) => Array<number | null>;
  private readonly replaceState: (documentId: string, state: Buffer, throughSeq: number, now: number) => void;

  constructor(
    sqlite: Database.Database,
    private readonly gate: SqliteGate,
    options: { logWriter?: 'main' | 'worker'; commitSpacingMs?: number } = {},
  ) {
    this.spacingMs = options.commitSpacingMs ?? 0;
    this.writer = options.logWriter === 'worker' && !sqlite.memory ? workerLogWriter(sqlite.name, synchronousOf(sqlite), APPEND) : null;
    const selectState = sqlite.prepare('SELECT state FROM document_states WHERE document_id = ?').pluck();
    const selectUpdates = sqlite.prepare('SELECT seq, "update" FROM document_updates WHERE document_id = ? ORDER BY seq').raw();
    const insertUpdate = sqlite.prepare(APPEND);
    const upsertState = sqlite.prepare(
      'INSERT INTO document_states (document_id, state, compacted_at) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, compacted_at = excluded.compacted_at',
    );
    const deleteThrough = sqlite.prepare('DELETE FROM document_updates WHERE document_id = ? AND seq <= ?');
    // One read transaction, so the state and the log belong to the same moment.
    this.readDocument = sqlite.transaction((documentId: string) => {
      const state = (selectState.get(documentId) as Buffer | undefined) ?? null;
      const rows = selectUpdates.all(documentId) as Array<[number, Buffer]>;
      return { state, updates: rows.map((r) => r[1]), lastSeq: rows.length > 0 ? rows[rows.length - 1]![0] : 0 };
    });
    this.appendBatch = sqlite.transaction((batch: PendingAppend[]) =>
      batch.map((p) => appended(insertUpdate.run(p.documentId, toBuffer(p.update), p.documentId))),
    );
    this.replaceState = sqlite.transaction((documentId: string, state: Buffer, throughSeq: number, now: number) => {
      upsertState.run(documentId, state, now);
      deleteThrough.run(documentId, throughSeq);
    });
  }

  async load(documentId: string): Promise<StoredDocument> {
    return this.gate.run(() => this.readDocument(documentId));
  }

  append(documentId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ documentId, update, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Everything that arrives before the event loop's check phase joins this transaction, which
        // is the log's own even when the first append came from inside a domain transaction. Within
        // the spacing after the last commit began, the commit waits for the spacing's end instead,
        // and everything that arrives meanwhile joins it.
        const wait = this.lastCommitAt + this.spacingMs - performance.now();
        this.gate.outside(() => {
          if (wait >= 1) this.timer = setTimeout(() => void this.commitQueued(), wait);
          else setImmediate(() => void this.commitQueued());
        });
      } else if (this.timer && this.queue.length >= COMMIT_EARLY_AT) {
        // Enough edits share this commit already: under heavy load the spacing would only add
        // latency, so the commit is made at the end of this turn, as without a spacing.
        clearTimeout(this.timer);
        this.timer = null;
        this.gate.outside(() => setImmediate(() => void this.commitQueued()));
      }
    });
  }

  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    await this.gate.run(() => this.replaceState(documentId, Buffer.from(state), throughSeq, Date.now()));
  }

  async flush(): Promise<void> {
    await this.commitQueued();
    while (this.inFlight) await this.inFlight;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer?.close();
  }

  private async commitQueued(): Promise<void> {
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) return; // it commits the queue when it is done
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.lastCommitAt = performance.now();
    if (!this.writer) {
      let seqs: Array<number | null>;
      try {
        seqs = await this.gate.run(() => this.appendBatch(batch));
      } catch (error) {
        settle(batch, () => {
          throw error;
        });
        return;
      }
      settle(batch, () => seqs);
      return;
    }
    this.inFlight = this.writer
      .write(batch)
      .then(
        (seqs) => settle(batch, () => seqs),
        (error) =>
          settle(batch, () => {
            throw error;
          }),
      )
      .finally(() => {
        this.inFlight = null;
        void this.commitQueued();
      });
  }
}

function settle(batch: PendingAppend[], seqs: () => Array<number | null>): void {
  let result: Array<number | null>;
  try {
    result = seqs();
  } catch (error) {
    for (const p of batch) p.reject(error);
    return;
  }
  for (const [i, p] of batch.entries()) {
    const seq = result[i];
    if (seq === null || seq === undefined) p.reject(new DeletedDocumentError(p.documentId));
    else p.resolve(seq);
  }
}
