/**
 * Checkpoints the write-ahead log from a worker thread with its own connection, instead of inside
 * whichever commit of the server's connection crosses SQLite's 1000-page mark. That commit copied
 * the log's pages into the database file and fsynced it (synchronous=FULL) on the main thread,
 * while every socket waited: one stall every second or so while many typed.
 *
 * PASSIVE checkpoints never wait for the writer and the writer never waits for them (WAL), so the
 * main thread only appends. If the worker fails, the server's connection checkpoints itself again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../log';
import { closeWorker, synchronousOf } from './sqlite-worker';

/** SQLite's own automatic checkpoint threshold (pages), restored if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * The server's connection still checkpoints once the log reaches this many pages (64 MB). SQLite
 * starts the log file over only after a checkpoint that caught up with every commit; under
 * sustained load a commit can land during each of the worker's checkpoints, and the file would
 * grow for as long as the load lasts. A checkpoint run by the writer itself, right after its
 * commit, always catches up, and by then has only the few pages the worker has not copied.
 */
const BACKSTOP_PAGES = 16_384;

// Plain JavaScript, run with `eval`, so the same code works from the sources (tsx) and from the
// bundle without a second build entry (as the log writer's).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ error: String((error && error.message) || error) }); }
}, workerData.everyMs);
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (!m.close) return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

export interface Checkpointer {
  /**
   * Settles once the worker has its connection (or has failed). The server waits for it before it
   * listens: a thread and its isolate starting up take CPU from the main thread in the server's
   * first second, and 30 people opening one plan then (the bench's join storm, on one core) waited
   * for their first sync up to 105–129 ms (p99); 35–46 ms when the server waited for the worker.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Starts checkpointing `sqlite`'s file every `everyMs` from a worker; its own automatic checkpoints wait for BACKSTOP_PAGES. */
export function startCheckpointer(sqlite: Database.Database, everyMs: number, log: Logger): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file: sqlite.name, synchronous: synchronousOf(sqlite), everyMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let failed = false;
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    isReady = resolve;
  });
  const fail = (error: unknown) => {
    isReady();
    if (failed) return;
    failed = true;
    log.error('the checkpointing worker stopped; the server checkpoints on its own connection again', { error });
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  let closing = false;
  worker.on('message', (m: { error?: string; ready?: boolean }) => {
    if (m.ready) isReady();
    // A checkpoint that could not run (the file busy for 5 s) is tried again at the next turn.
    if (m.error) log.warn('a checkpoint failed', { error: m.error });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`exited (${code})`));
  });
  return {
    ready,
    async close() {
      if (failed) return;
      closing = true;
      await closeWorker(worker);
    },
  };
}
