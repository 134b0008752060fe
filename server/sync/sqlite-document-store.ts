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

/** A fold's log rows still to be dropped (its state is written already). */
interface PendingTrim {
  documentId: string;
  throughSeq: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Edits waiting for a spaced commit that make it worth committing at once: the fsync is shared
 * widely enough, and more waiting would only delay them. At 5 keystrokes/s from 200 people (1,000
 * a second) 32 arrive in about 32 ms, after the spacing's end, so there the spacing decides, as it
 * does for 50 people in one document; from ~1,300 a second on, the early commit comes first. With
 * 16, 200 people committed every ~16 ms: bench:pair at 1,000/s, 20 documents, three pairs, 16
 * against 32: server CPU per 1000 delivered 25.9 -> 17.9 ms (0.69x), p50 10.0 -> 14.1 ms, p99
 * 18.6 -> 26.4; at 5,685/s (half the ceiling, 200 kB documents) 9.45 -> 8.36 (0.88x), p50 3.0 ->
 * 4.6 ms, p99 within its run-to-run spread (14.8-40.5 against 20.1-56.5 ms).
 */
export const COMMIT_EARLY_AT = 32;

/**
 * Folded log rows dropped per commit. Dropping a row costs about 10 µs (its table and index
 * entries, zeroed for secure_delete), and a fold drops up to 4,000: in one statement that held the
 * main thread 40–90 ms (profiled after the bench's ramp), every socket's keystrokes waiting behind
 * it. In slices riding on the log's own commits, each costs about a millisecond and no extra fsync
 * while people type; with nobody typing, the slices follow each other a turn apart.
 */
export const TRIM_ROWS = 128;

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

/** The oldest `limit` folded rows of a document (through a sequence number); the worker runs it too. */
export const TRIM = 'DELETE FROM document_updates WHERE seq IN (SELECT seq FROM document_updates WHERE document_id = ? AND seq <= ? ORDER BY seq LIMIT ?)';

/**
 * The update log in SQLite, through better-sqlite3 directly: the hot path (one commit per
 * event-loop turn while people type) must not pay for a query builder, and every statement on the
 * server's connection goes through the gate so that it never lands inside a domain transaction
 * another request has open. (The worker's appends use the worker's own connection.)
 */
export class SqliteDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  /** Folds whose rows are being dropped, a slice per commit, oldest first. */
  private trims: PendingTrim[] = [];
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
  private readonly appendBatch: (batch: PendingAppend[], trim: PendingTrim | undefined) => { seqs: Array<number | null>; trimmed: number };
  private readonly writeState: (documentId: string, state: Buffer, now: number) => void;

  constructor(
    sqlite: Database.Database,
    private readonly gate: SqliteGate,
    options: { logWriter?: 'main' | 'worker'; commitSpacingMs?: number } = {},
  ) {
    this.spacingMs = options.commitSpacingMs ?? 0;
    this.writer = options.logWriter === 'worker' && !sqlite.memory ? workerLogWriter(sqlite.name, synchronousOf(sqlite), { append: APPEND, trim: TRIM }) : null;
    const selectState = sqlite.prepare('SELECT state FROM document_states WHERE document_id = ?').pluck();
    const selectUpdates = sqlite.prepare('SELECT seq, "update" FROM document_updates WHERE document_id = ? ORDER BY seq').raw();
    const insertUpdate = sqlite.prepare(APPEND);
    const upsertState = sqlite.prepare(
      'INSERT INTO document_states (document_id, state, compacted_at) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, compacted_at = excluded.compacted_at',
    );
    const trimSlice = sqlite.prepare(TRIM);
    // One read transaction, so the state and the log belong to the same moment.
    this.readDocument = sqlite.transaction((documentId: string) => {
      const state = (selectState.get(documentId) as Buffer | undefined) ?? null;
      const rows = selectUpdates.all(documentId) as Array<[number, Buffer]>;
      return { state, updates: rows.map((r) => r[1]), lastSeq: rows.length > 0 ? rows[rows.length - 1]![0] : 0 };
    });
    this.appendBatch = sqlite.transaction((batch: PendingAppend[], trim: PendingTrim | undefined) => ({
      seqs: batch.map((p) => appended(insertUpdate.run(p.documentId, toBuffer(p.update), p.documentId))),
      trimmed: trim ? trimSlice.run(trim.documentId, trim.throughSeq, TRIM_ROWS).changes : 0,
    }));
    this.writeState = (documentId: string, state: Buffer, now: number) => {
      upsertState.run(documentId, state, now);
    };
  }

  async load(documentId: string): Promise<StoredDocument> {
    return this.gate.run(() => this.readDocument(documentId));
  }

  append(documentId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ documentId, update, resolve, reject });
      this.schedule();
    });
  }

  /**
   * The state is written at once; the rows it folds are dropped a slice per commit after it (see
   * TRIM_ROWS), and the promise resolves when the last is gone. A load meanwhile reads some of them
   * with the state: already in it, they change nothing.
   */
  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    await this.gate.run(() => this.writeState(documentId, toBuffer(state), Date.now()));
    await new Promise<void>((resolve, reject) => {
      this.trims.push({ documentId, throughSeq, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      // Everything that arrives before the event loop's check phase joins this transaction, which
      // is the log's own even when the first append came from inside a domain transaction. Within
      // the spacing after the last commit began, the commit waits for the spacing's end instead,
      // and everything that arrives meanwhile joins it. (Only dropping folded rows: no spacing,
      // which is there for edits to share a commit; a shutdown folding every document waits on it.)
      const wait = this.queue.length === 0 ? 0 : this.lastCommitAt + this.spacingMs - performance.now();
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
  }

  async flush(): Promise<void> {
    do {
      await this.commitQueued();
      while (this.inFlight) await this.inFlight;
    } while (this.trims.length > 0 || this.queue.length > 0);
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
    const trim = this.trims[0];
    if (batch.length === 0 && !trim) return;
    this.queue = [];
    this.lastCommitAt = performance.now();
    if (!this.writer) {
      let written: { seqs: Array<number | null>; trimmed: number };
      try {
        written = await this.gate.run(() => this.appendBatch(batch, trim));
      } catch (error) {
        this.failed(batch, trim, error);
        return;
      }
      this.committed(batch, trim, written);
      return;
    }
    this.inFlight = this.writer
      .write(batch, trim && { documentId: trim.documentId, throughSeq: trim.throughSeq, limit: TRIM_ROWS })
      .then(
        (written) => this.committed(batch, trim, written),
        (error) => this.failed(batch, trim, error),
      )
      .finally(() => {
        this.inFlight = null;
        void this.commitQueued();
      });
  }

  private committed(batch: PendingAppend[], trim: PendingTrim | undefined, written: { seqs: Array<number | null>; trimmed: number }): void {
    settle(batch, () => written.seqs);
    if (trim && written.trimmed < TRIM_ROWS) {
      this.trims.shift();
      trim.resolve();
    }
    if (this.trims.length > 0) this.schedule();
  }

  private failed(batch: PendingAppend[], trim: PendingTrim | undefined, error: unknown): void {
    settle(batch, () => {
      throw error;
    });
    if (trim) {
      this.trims.shift();
      trim.reject(error);
    }
    if (this.trims.length > 0) this.schedule();
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
