import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The connection's synchronous setting by name, for a worker's own connection to the same file. */
export function synchronousOf(sqlite: Database.Database): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
  return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[sqlite.pragma('synchronous', { simple: true }) as number] ?? 'FULL';
}

/**
 * Asks a worker that holds its own connection to close it (`{ close: true }`, answered with
 * `{ closed: true }` once closed), then ends the thread: terminating it at once could cut a
 * statement short.
 */
export async function closeWorker(worker: Worker): Promise<void> {
  worker.ref();
  await new Promise<void>((resolve) => {
    const closed = (m: { closed?: boolean } | undefined) => {
      if (!m?.closed) return;
      worker.off('message', closed);
      resolve();
    };
    worker.on('message', closed);
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker_threads port has no origin
    worker.postMessage({ close: true });
  });
  await worker.terminate();
}
