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
  catchResubscribeFailures(redis);
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ err: error, role }, 'redis connection problem');
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

/**
 * After a reconnect ioredis subscribes again by itself (autoResubscribe) and drops the promise of
 * that call: when the connection fails again before Redis answers (Redis back for a moment only),
 * it is rejected with nobody listening, and an unhandled rejection ends the process. Every
 * subscribe call's promise gets a handler here; callers that await it still hear the failure, and
 * ioredis subscribes again on the next reconnect.
 */
function catchResubscribeFailures(redis: Redis): void {
  for (const method of ['subscribe', 'psubscribe', 'ssubscribe'] as const) {
    const subscribe = redis[method].bind(redis) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(redis, method, {
      value: (...args: unknown[]) => {
        const subscribed = subscribe(...args);
        subscribed.catch(() => undefined);
        return subscribed;
      },
      configurable: true,
      writable: true,
    });
  }
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
