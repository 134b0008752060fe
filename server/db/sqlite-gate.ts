import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One SQLite connection serves the whole process, and a transaction now spans awaits: between two
 * of its statements other requests run. The gate keeps them out of it. A transaction holds the
 * gate until it commits or rolls back; statements issued from inside it (found by its async
 * context) go straight through, any other statement waits until the gate is free. A statement
 * while nothing holds the gate runs at once, synchronously, as before.
 */
export class SqliteGate {
  private held: object | null = null;
  private readonly waiting: Array<{ token: object; resolve: () => void }> = [];
  private readonly context = new AsyncLocalStorage<object>();

  /** Runs `work` holding the gate (a transaction); inside another holder's context it just runs. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.holdsHere()) return work();
    const token = {};
    await this.acquire(token);
    try {
      return await this.context.run(token, work);
    } finally {
      this.release();
    }
  }

  /** Runs one synchronous statement (or a few) as soon as no transaction of someone else is open. */
  run<T>(statement: () => T): T | Promise<T> {
    if (this.held === null || this.holdsHere()) return statement();
    const token = {};
    return this.acquire(token).then(() => {
      try {
        return statement();
      } finally {
        this.release();
      }
    });
  }

  /** Runs `work` outside any transaction's context: for timers whose statements must not join it. */
  outside<T>(work: () => T): T {
    return this.context.exit(work);
  }

  /** Whether the caller's async context is inside the transaction holding the gate. */
  holdsHere(): boolean {
    return this.held !== null && this.context.getStore() === this.held;
  }

  private acquire(token: object): Promise<void> {
    if (this.held === null) {
      this.held = token;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ token, resolve }));
  }

  /** Hands the gate straight to the next waiter, so nobody can slip in between. */
  private release(): void {
    const next = this.waiting.shift();
    this.held = next ? next.token : null;
    next?.resolve();
  }
}
