/**
 * The rate limits counted in Redis (REDIS_URL), so that a person trying passwords or sending mails
 * through N instances gets the allowance of one. Each step is one Lua script, atomic in Redis.
 * Keys hold a hash of the e-mail address or client address, never the address itself.
 * While Redis cannot be reached, each instance counts in its own memory (better a limit per
 * instance for a moment than none, or logins failing).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import { type BucketLimit, type LimitStore, RateLimiter, TokenBucket, type WindowLimit } from './rate-limit';

/** KEYS[1] counter; ARGV[1] window ms. The window starts with the first hit. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** KEYS[1] counter; ARGV[1] limit. Milliseconds until the window ends if the limit is reached, else 0. */
const WINDOW_WAIT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < tonumber(ARGV[1]) then return 0 end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then return 0 end
return t`;

/**
 * KEYS[1] bucket hash {tokens, at}; ARGV capacity, refill ms, now ms, take (1/0). Returns the
 * milliseconds until a token is there (0: there was one, and with take=1 it was taken).
 */
const BUCKET = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1]) or capacity
local at = tonumber(saved[2]) or now
if now > at then tokens = math.min(capacity, tokens + (now - at) / refill) end
if tokens < 1 then return math.ceil((1 - tokens) * refill) end
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(math.max(now, at)))
  redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * refill))
end
return 0`;

const keyOf = (name: string, key: string) => `fellesrom:limit:${name}:${createHash('sha256').update(key).digest('base64url')}`;

export class RedisLimits implements LimitStore {
  /** `redis`: see server/redis-commands.ts (a command fails at once while Redis is away). */
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  window(name: string, limit: number, windowMs: number): WindowLimit {
    const local = new RateLimiter(limit, windowMs);
    return {
      retryAfter: (key, now) =>
        this.run(async () => Math.ceil(Number(await this.redis.eval(WINDOW_WAIT, 1, keyOf(name, key), limit)) / 1000), () => local.retryAfter(key, now)),
      hit: (key, now) => this.run(async () => void (await this.redis.eval(HIT, 1, keyOf(name, key), windowMs)), () => local.hit(key, now)),
      reset: (key) => this.run(async () => void (await this.redis.del(keyOf(name, key))), () => local.reset(key)),
    };
  }

  bucket(name: string, capacity: number, refillMs: number): BucketLimit {
    const local = new TokenBucket(capacity, refillMs);
    const ask = async (key: string, now: number | undefined, take: boolean) =>
      Number(await this.redis.eval(BUCKET, 1, keyOf(name, key), capacity, refillMs, now ?? Date.now(), take ? 1 : 0));
    return {
      retryAfter: (key, now) => this.run(async () => Math.ceil((await ask(key, now, false)) / 1000), () => local.retryAfter(key, now)),
      take: (key, now) => this.run(async () => (await ask(key, now, true)) === 0, () => local.take(key, now)),
    };
  }

  private async run<T>(inRedis: () => Promise<T>, inMemory: () => T): Promise<T> {
    if (this.redis.status !== 'ready') return inMemory();
    try {
      return await inRedis();
    } catch (error) {
      this.log.warn('rate limit in Redis failed; counting in memory', { error: error instanceof Error ? error.message : String(error) });
      return inMemory();
    }
  }
}
