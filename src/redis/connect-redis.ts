// Redis connections with settings that fail fast instead of hanging a request forever.

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { holdWritesUntilCheckPhase } from '../shared/hold-writes.ts';

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
    autoResubscribe: false,
  });
  resubscribeOnReconnect(redis);
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
 * The commands a connection is sent while the event loop works through its callbacks (every turn
 * in flight has a few) leave in one write (hold-writes.ts). ioredis's own auto-pipelining batches
 * them too, but keeps one batch in flight at a time: commands issued while one is out wait for
 * every answer of it before they are sent, so under load a command waited two turns of the loop
 * for its answer instead of one (the conversation lock's SET among them, on every message's path).
 */
export function holdCommandWrites(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  define(redis, 'sendCommand', (...args: unknown[]) => {
    holdWritesUntilCheckPhase(redis.stream);
    return send(...(args as Parameters<Redis['sendCommand']>));
  });
  return redis;
}

type SubscribeMethod = 'subscribe' | 'psubscribe';
const UNSUBSCRIBE: Record<SubscribeMethod, 'unsubscribe' | 'punsubscribe'> = { subscribe: 'unsubscribe', psubscribe: 'punsubscribe' };

/**
 * The connection subscribes again itself on every reconnect, to everything its callers subscribed
 * to and did not unsubscribe from. ioredis's own resubscription forgets the subscriptions when the
 * connection drops again before Redis confirms them (its next reconnect starts from a condition
 * with no subscriber), so an instance stopped hearing live events after Redis came back only for a
 * moment; and it dropped the promise of that call, so its failure was an unhandled rejection,
 * which ends the process. Every subscribe call's promise gets a handler here; callers that await
 * it still hear the failure, and the next reconnect subscribes again.
 */
function resubscribeOnReconnect(redis: Redis): void {
  const wanted: Record<SubscribeMethod, Set<string>> = { subscribe: new Set(), psubscribe: new Set() };
  const call = (method: string, args: unknown[]): Promise<unknown> => (Redis.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!.apply(redis, args);
  const names = (args: unknown[]): string[] => args.flat().filter((arg): arg is string => typeof arg === 'string');
  for (const method of ['subscribe', 'psubscribe'] as const) {
    define(redis, method, (...args: unknown[]) => {
      for (const name of names(args)) wanted[method].add(name);
      const subscribed = call(method, args);
      subscribed.catch(() => undefined);
      return subscribed;
    });
    define(redis, UNSUBSCRIBE[method], (...args: unknown[]) => {
      const given = names(args);
      if (given.length) for (const name of given) wanted[method].delete(name);
      else wanted[method].clear();
      return call(UNSUBSCRIBE[method], args);
    });
  }
  let connectedBefore = false;
  redis.on('ready', () => {
    // The first time, the callers' own calls are on their way from the offline queue.
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    for (const method of ['subscribe', 'psubscribe'] as const) {
      if (wanted[method].size) call(method, [...wanted[method]]).catch(() => undefined);
    }
  });
}

function define(redis: Redis, method: string, value: (...args: unknown[]) => unknown): void {
  Object.defineProperty(redis, method, { value, configurable: true, writable: true });
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
