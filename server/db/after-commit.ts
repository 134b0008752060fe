import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work that must wait until what a transaction wrote is committed — telling another part of the
 * process to go and read it (the mail sender), for instance. Started inside the transaction, it
 * could run while the transaction still runs: inside it (SQLite's one connection, PostgreSQL's
 * transaction context), seeing rows that may yet be rolled back.
 */
interface OpenTransaction {
  callbacks: Array<() => void>;
  /** False once the transaction has ended: a timer begun inside it keeps its context. */
  open: boolean;
}

const current = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `work` once the caller's transaction has committed; never, if it rolls back (or the savepoint
 * it was asked in does). Outside a transaction (or after it ended) at once.
 */
export function afterCommit(work: () => void): void {
  const transaction = current.getStore();
  if (transaction?.open) transaction.callbacks.push(work);
  else work();
}

/**
 * For the dialects' `db.transaction` (./open.ts, ./pg/domain.ts): runs a top-level transaction
 * (`run` begins, works and commits it, or rolls back and throws), then what was asked for after
 * its commit, in order and outside its context. Should one of those throw, the others still run
 * and the caller gets that error — with the transaction committed.
 */
export async function withAfterCommit<T>(run: () => Promise<T>): Promise<T> {
  const transaction: OpenTransaction = { callbacks: [], open: true };
  let result: T;
  try {
    result = await current.run(transaction, run);
  } finally {
    transaction.open = false;
  }
  const failures: unknown[] = [];
  for (const callback of transaction.callbacks.splice(0)) {
    try {
      callback();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
  return result;
}

/**
 * For a savepoint (a transaction begun inside another): what was asked for inside a savepoint that
 * was rolled back is dropped with it. Returns the function that drops it.
 */
export function markSavepoint(): () => void {
  const transaction = current.getStore();
  const mark = transaction?.callbacks.length ?? 0;
  return () => {
    if (transaction) transaction.callbacks.length = Math.min(transaction.callbacks.length, mark);
  };
}
