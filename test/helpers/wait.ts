/** Polls until `check` returns a truthy value (returned) or throws after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Lets everything already queued run (sockets, timers due, other clients), `times` turns of the
 * event loop, without waiting on the clock: for interleaving concurrent work in tests.
 */
export async function yieldToEventLoop(times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r));
}

/** Until the clock has moved past `moment` (an ISO string or ms): what happens next is "after" it. */
export const clockPast = (moment: string | number) =>
  waitFor(() => Date.now() > (typeof moment === 'number' ? moment : Date.parse(moment)), 1000, 'the clock to move on');
