import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import { RateLimiter, TokenBucket } from './rate-limit';

/** A limit's answers may come from another process: callers await them (the local ones answer at once). */
export type MaybePromise<T> = T | Promise<T>;

/** `combine` over the answers: at once if every one is there, else when they are. */
export function whenAll<T, R>(answers: Array<MaybePromise<T>>, combine: (values: T[]) => R): MaybePromise<R> {
  return answers.some((a) => a instanceof Promise) ? Promise.all(answers).then(combine) : combine(answers as T[]);
}

/** A fixed window of counted events per key (RateLimiter's shape). `now` is for tests of the local one. */
export interface WindowLimit {
  retryAfter(key: string, now?: number): MaybePromise<number>;
  hit(key: string, now?: number): MaybePromise<void>;
  reset(key: string): MaybePromise<void>;
}

/** A token bucket per key (TokenBucket's shape). */
export interface BucketLimit {
  retryAfter(key: string, now?: number): MaybePromise<number>;
  take(key: string, now?: number): MaybePromise<boolean>;
}

/** Makes the limits: in this process (one instance), or in Redis, shared by every instance. */
export interface LimitMaker {
  window(name: string, limit: number, windowMs: number): WindowLimit;
  bucket(name: string, capacity: number, refillMs: number): BucketLimit;
}

export const localLimits: LimitMaker = {
  window: (_name, limit, windowMs) => new RateLimiter(limit, windowMs),
  bucket: (_name, capacity, refillMs) => new TokenBucket(capacity, refillMs),
};

const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** Refills, then takes a token if ARGV[4] is 1 and one is there; returns {taken, tokens left}. */
const BUCKET = `local cap = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) / refill)
local taken = 0
if ARGV[4] == '1' and tokens >= 1 then
  tokens = tokens - 1
  taken = 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) * refill) + 1000)
end
return {taken, tostring(tokens)}`;

/** Keys name e-mail and client addresses: Redis (its keyspace, MONITOR, dumps) holds only their hash. */
const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');

/**
 * The limits in Redis (REDIS_URL), so that several instances behind one load balancer count
 * together: a password guesser spreading tries over them meets one limit. Every event is counted
 * in this process too; while Redis does not answer, the local count decides (per instance, as
 * with one instance) and a warning is logged once.
 */
export function redisLimits(redis: Redis, log: Logger): LimitMaker {
  let warned = false;
  const fallback = <T>(local: () => T) => (error: unknown): T => {
    if (!warned) log.warn('rate limits: Redis does not answer, counting in this instance', { error: error instanceof Error ? error.message : String(error) });
    warned = true;
    return local();
  };
  const answered = () => {
    warned = false;
  };
  return {
    window(name, limit, windowMs) {
      const local = new RateLimiter(limit, windowMs);
      const keyOf = (key: string) => `fellesrom:limit:${name}:${hashed(key)}`;
      return {
        async retryAfter(key) {
          try {
            const [[, count], [, ttl]] = (await redis.multi().get(keyOf(key)).pttl(keyOf(key)).exec()) as [[null, string | null], [null, number]];
            answered();
            return Number(count ?? 0) >= limit && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
          } catch (error) {
            return fallback(() => local.retryAfter(key))(error);
          }
        },
        async hit(key) {
          local.hit(key);
          await redis.eval(HIT, 1, keyOf(key), windowMs).then(answered, fallback(() => undefined));
        },
        async reset(key) {
          local.reset(key);
          await redis.del(keyOf(key)).then(answered, fallback(() => undefined));
        },
      };
    },
    bucket(name, capacity, refillMs) {
      const local = new TokenBucket(capacity, refillMs);
      const keyOf = (key: string) => `fellesrom:bucket:${name}:${hashed(key)}`;
      const run = async (key: string, take: boolean) => {
        const [taken, tokens] = (await redis.eval(BUCKET, 1, keyOf(key), capacity, refillMs, Date.now(), take ? 1 : 0)) as [number, string];
        answered();
        return { taken: taken === 1, tokens: Number(tokens) };
      };
      return {
        async retryAfter(key) {
          try {
            const { tokens } = await run(key, false);
            return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * refillMs) / 1000);
          } catch (error) {
            return fallback(() => local.retryAfter(key))(error);
          }
        },
        async take(key) {
          const here = local.take(key);
          try {
            return (await run(key, true)).taken;
          } catch (error) {
            return fallback(() => here)(error);
          }
        },
      };
    },
  };
}
