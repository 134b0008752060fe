/**
 * Fixed-window counters in memory: enough for one process. Keys are e.g. `login:ip:1.2.3.4`.
 * Only failures are counted for logins, so a teacher who types her password right is never slowed.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 if it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  hit(key: string, now = Date.now()): void {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      if (this.hits.size > 50_000) this.sweep(now);
    } else {
      entry.count++;
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

/**
 * A token bucket per key: `capacity` at once, then one more every `refillMs`. Slows a key down
 * instead of locking it out: the wait is never longer than `refillMs`.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
  ) {}

  private level(key: string, now: number): { tokens: number; at: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const refilled = Math.min(this.capacity, bucket.tokens + (now - bucket.at) / this.refillMs);
    return { tokens: refilled, at: now };
  }

  /** Seconds until `key` has a token, or 0 if it has one now. */
  retryAfter(key: string, now = Date.now()): number {
    const { tokens } = this.level(key, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * this.refillMs) / 1000);
  }

  /** Takes a token if there is one; false if `key` must wait. */
  take(key: string, now = Date.now()): boolean {
    const bucket = this.level(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 50_000) this.sweep(now);
    return true;
  }

  /** Full buckets carry no information: forget them. */
  private sweep(now: number): void {
    for (const key of this.buckets.keys()) if (this.level(key, now).tokens >= this.capacity) this.buckets.delete(key);
  }
}
