import type { Pool } from 'pg';
import { DeletedDocumentError, type DocumentStore, type StoredDocument } from './document-store';

/** What an instance needs beyond DocumentStore to follow a document that other instances edit. */
export interface SequencedLog {
  /**
   * Everything committed after `afterSeq`: the folded state if rows up to it were compacted away
   * (with the last sequence number folded into it), then the rows, oldest first.
   */
  readSince(documentId: string, afterSeq: number): Promise<LogSince>;
  /** The newest committed sequence number of each document (absent: none yet). */
  heads(documentIds: string[]): Promise<Map<string, number>>;
  /**
   * Runs `work` while holding the document's lock, the one compaction takes: one instance at a
   * time, across instances (a structural upgrade on load runs under it, so it runs once).
   */
  withDocumentLock<T>(documentId: string, work: () => Promise<T>): Promise<T>;
}

export interface LogSince {
  state: { update: Uint8Array; throughSeq: number } | null;
  updates: Array<{ seq: number; update: Uint8Array }>;
}

interface PendingAppend {
  documentId: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The state, then the rows after it, in one statement and so one snapshot: a compaction that
 * commits in between can neither hide rows nor show them twice. A load (after 0) always reads the
 * state: a new document's first state (its template) is folded through 0.
 */
const READ_SINCE = `
  SELECT 0 AS kind, through_seq AS seq, state AS data FROM document_states
   WHERE document_id = $1 AND (through_seq > $2 OR $2 = 0)
  UNION ALL
  SELECT 1, seq, "update" FROM document_updates
   WHERE document_id = $1
     AND seq > GREATEST($2, COALESCE((SELECT through_seq FROM document_states WHERE document_id = $1), 0))
  ORDER BY 1, 2`;

/**
 * One statement, so one transaction, for a whole tick's appends. The head rows are bumped first
 * (in document order, so two instances committing batches never deadlock) and their row locks
 * are held to the commit: a document's sequence numbers become visible in order.
 */
const append = (onlyLive: boolean) => `
  WITH ${
    onlyLive
      ? // Locks the documents' rows against deletion to the commit: a deletion that came first has
        // removed the row (no head, no log row for it); one that comes after waits, then its
        // trigger removes what this committed.
        `live AS (SELECT id FROM documents WHERE id = ANY($1::text[]) FOR KEY SHARE),`
      : ''
  }
  heads AS (
    INSERT INTO document_heads (document_id, last_seq)
    SELECT d, n FROM unnest($1::text[], $2::int8[]) AS t(d, n) ${onlyLive ? 'WHERE d IN (SELECT id FROM live)' : ''} ORDER BY d
    ON CONFLICT (document_id) DO UPDATE SET last_seq = document_heads.last_seq + EXCLUDED.last_seq
    RETURNING document_id, last_seq
  )
  INSERT INTO document_updates (document_id, seq, "update")
  SELECT u.d, h.last_seq - c.n + u.i, u.b
    FROM unnest($3::text[], $4::int8[], $5::bytea[]) AS u(d, i, b)
    JOIN heads h ON h.document_id = u.d
    JOIN unnest($1::text[], $2::int8[]) AS c(d, n) ON c.d = u.d
  RETURNING document_id, seq`;

const compactionLockKey = (documentId: string) => `fellesrom:compact:${documentId}`;

/**
 * The sync server's store on PostgreSQL: a log numbered 1, 2, 3… per document (document_heads
 * hands the numbers out inside the committing transaction), folded states, and compaction by one
 * instance at a time.
 */
export class PostgresDocumentStore implements DocumentStore, SequencedLog {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  /**
   * The batch being committed. One at a time: the next one gathers what arrives meanwhile, so a
   * document's updates are numbered in the order they were applied here.
   */
  private inFlight: Promise<void> | null = null;

  private readonly appendStatement: string;

  /**
   * `documentsTable`: the app's store, whose documents are rows of `documents` — an append or a
   * compaction for a document that is not (deleted, by any instance) writes nothing and is
   * refused. Without it (the sync layer on its own) any id is a document.
   */
  constructor(
    private readonly pool: Pool,
    private readonly options: { documentsTable?: boolean } = {},
  ) {
    this.appendStatement = append(options.documentsTable ?? false);
  }

  async load(documentId: string): Promise<StoredDocument> {
    const since = await this.readSince(documentId, 0);
    const last = since.updates.at(-1)?.seq ?? since.state?.throughSeq ?? 0;
    return { state: since.state?.update ?? null, updates: since.updates.map((u) => u.update), lastSeq: last };
  }

  async readSince(documentId: string, afterSeq: number): Promise<LogSince> {
    const { rows } = await this.pool.query<{ kind: number; seq: string; data: Buffer }>(READ_SINCE, [documentId, afterSeq]);
    let state: LogSince['state'] = null;
    const updates: LogSince['updates'] = [];
    for (const row of rows) {
      if (row.kind === 0) state = { update: row.data, throughSeq: Number(row.seq) };
      else updates.push({ seq: Number(row.seq), update: row.data });
    }
    return { state, updates };
  }

  async heads(documentIds: string[]): Promise<Map<string, number>> {
    if (documentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ document_id: string; last_seq: string }>(
      'SELECT document_id, last_seq FROM document_heads WHERE document_id = ANY($1::text[])',
      [documentIds],
    );
    return new Map(rows.map((r) => [r.document_id, Number(r.last_seq)]));
  }

  async withDocumentLock<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [compactionLockKey(documentId)]);
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
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

  /**
   * Folds the log through `throughSeq` into `state`. Skipped when another instance is folding the
   * same document right now (advisory lock) or has already folded further (through_seq): a state
   * never replaces a newer one, and only rows it contains are deleted, so appends that commit
   * meanwhile (numbered above every row the caller has seen) stay in the log.
   */
  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok', [
        compactionLockKey(documentId),
      ]);
      if (!locked.rows[0]!.ok) {
        await client.query('ROLLBACK');
        return;
      }
      if (this.options.documentsTable) {
        const live = await client.query('SELECT 1 FROM documents WHERE id = $1 FOR KEY SHARE', [documentId]);
        if (live.rowCount === 0) {
          await client.query('ROLLBACK');
          return;
        }
      }
      const written = await client.query(
        `INSERT INTO document_states (document_id, state, through_seq, compacted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state, through_seq = EXCLUDED.through_seq, compacted_at = EXCLUDED.compacted_at
         WHERE document_states.through_seq < EXCLUDED.through_seq`,
        [documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), throughSeq, Date.now()],
      );
      if (written.rowCount === 0) {
        await client.query('ROLLBACK');
        return;
      }
      await client.query('DELETE FROM document_updates WHERE document_id = $1 AND seq <= $2', [documentId, throughSeq]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async flush(): Promise<void> {
    this.commitQueued();
    while (this.inFlight) await this.inFlight;
  }

  private commitQueued(): void {
    this.scheduled = false;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = this.commitBatch(batch).finally(() => {
      this.inFlight = null;
      this.commitQueued();
    });
  }

  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    const counts = new Map<string, number>();
    const index: number[] = [];
    for (const p of batch) {
      const n = (counts.get(p.documentId) ?? 0) + 1;
      counts.set(p.documentId, n);
      index.push(n);
    }
    try {
      const { rows } = await this.pool.query<{ document_id: string; seq: string }>(this.appendStatement, [
        [...counts.keys()],
        [...counts.values()],
        batch.map((p) => p.documentId),
        index,
        batch.map((p) => Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength)),
      ]);
      // The newest number per document; the batch's rows of it are the `n` numbers up to it.
      const last = new Map<string, number>();
      for (const r of rows) last.set(r.document_id, Math.max(last.get(r.document_id) ?? 0, Number(r.seq)));
      for (const [i, p] of batch.entries()) {
        const newest = last.get(p.documentId);
        if (newest === undefined) p.reject(new DeletedDocumentError(p.documentId));
        else p.resolve(newest - counts.get(p.documentId)! + index[i]!);
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
