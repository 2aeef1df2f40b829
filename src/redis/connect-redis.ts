// Redis connections with settings that fail fast instead of hanging a request forever.

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** `options` override the defaults, e.g. BullMQ workers need `maxRetriesPerRequest: null`. */
export function connectRedis(url: string, logger: Logger, role: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectionName: `care-${role}`,
    // ioredis sends CLIENT SETINFO after reading its package.json asynchronously; on a subscriber
    // connection that can land after PSUBSCRIBE, Redis refuses it, and ioredis drops the connection,
    // losing the live events published until it has resubscribed.
    disableClientInfo: true,
    ...options,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ err: error, role }, 'redis connection problem');
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

/** Warns loudly when Redis may evict keys (locks, rate limits and queued jobs would vanish). */
export async function checkRedisPolicy(redis: Redis, logger: Logger): Promise<void> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy && policy !== 'noeviction') logger.warn({ policy }, `Redis maxmemory-policy is "${policy}"; set it to "noeviction" or data may be lost`);
  } catch {
    // managed Redis services often forbid CONFIG; nothing to check then
  }
}
