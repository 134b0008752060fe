import { Redis } from 'ioredis';

/**
 * One connection for the small commands instances share through Redis (rate limits, team
 * presence). No offline queue: while Redis is away a command fails at once and the caller falls
 * back (memory counts, this instance's people only) instead of waiting.
 */
export async function connectRedisCommands(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}
