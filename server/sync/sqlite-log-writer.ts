/**
 * Appends to the document log on a worker thread with its own connection to the same SQLite file.
 * A commit with synchronous=FULL waits for the disk; better-sqlite3 is synchronous, so on the main
 * thread that wait stopped every read, send and ping. Here the main thread goes on while the
 * worker commits, and learns of the commit (with the rows' sequence numbers) by message, so
 * "stored before broadcast" holds as before. One batch is in flight at a time; what arrives
 * meanwhile waits and goes in the next transaction, so batches grow with the load.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { closeWorker, type synchronousOf } from '../db/sqlite-worker';

/** A slice of a fold's rows to drop in the same transaction (see TRIM_ROWS). */
export interface TrimSlice {
  documentId: string;
  throughSeq: number;
  limit: number;
}

export interface LogWriter {
  /**
   * Appends the rows (and drops the slice) in one transaction: the rows' sequence numbers, null
   * for a row refused because its document was deleted, and how many folded rows were dropped.
   */
  write(rows: Array<{ documentId: string; update: Uint8Array }>, trim?: TrimSlice): Promise<{ seqs: Array<number | null>; trimmed: number }>;
  close(): Promise<void>;
}

// Plain JavaScript, run with `eval`, so the same code works from the sources (tsx) and from the
// bundle without a second build entry.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('foreign_keys = ON');
const insert = db.prepare(workerData.append);
const trimSlice = db.prepare(workerData.trim);
const write = db.transaction((ids, updates, trim) => ({
  seqs: ids.map((id, i) => {
    const r = insert.run(id, Buffer.from(updates[i].buffer, updates[i].byteOffset, updates[i].byteLength), id);
    return r.changes === 1 ? Number(r.lastInsertRowid) : null;
  }),
  trimmed: trim ? trimSlice.run(trim.documentId, trim.throughSeq, trim.limit).changes : 0,
}));
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    parentPort.postMessage({ closed: true });
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, written: write(m.ids, m.updates, m.trim) });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String((error && error.message) || error) });
  }
});
`;

export function workerLogWriter(file: string, synchronous: ReturnType<typeof synchronousOf>, statements: { append: string; trim: string }): LogWriter {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, synchronous, ...statements, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  // Only a write in flight keeps the process alive.
  worker.unref();
  let nextId = 0;
  type Written = { seqs: Array<number | null>; trimmed: number };
  const pending = new Map<number, { resolve: (written: Written) => void; reject: (error: unknown) => void }>();
  let broken: Error | null = null;
  const failAll = (error: Error) => {
    broken = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker.unref();
  };
  worker.on('message', (m: { id: number; written?: Written; error?: string; closed?: boolean }) => {
    if (m.closed) return; // (closeWorker's)
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.written) p.resolve(m.written);
    else p.reject(new Error(m.error ?? 'log write failed'));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`log writer exited (${code})`)));
  return {
    write(rows, trim) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise<Written>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker_threads port has no origin
        worker.postMessage({ id, ids: rows.map((r) => r.documentId), updates: rows.map((r) => r.update), trim });
      });
    },
    async close() {
      if (!broken) await closeWorker(worker);
    },
  };
}
