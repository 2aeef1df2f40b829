// The one way segments are recomputed, whoever asks (the nightly job, an import, an admin): one run
// at a time across all processes (a Redis lock), so two runs never record the same change twice.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RecomputeSegments, SegmentRecomputeResult, SegmentStore } from './segment-ports.ts';

/** Longer than any run; a process that dies mid-run frees the lock after it. */
const LOCK_MS = 30 * 60_000;
const RETRY_MS = 250;

export interface RecomputeSegmentsDeps {
  store: SegmentStore;
  redis: Redis;
  /** REDIS_PREFIX: the lock is shared by every process with it. */
  redisPrefix: string;
  logger: Logger;
  clock: () => Date;
}

export function createRecomputeSegments(deps: RecomputeSegmentsDeps): RecomputeSegments {
  const { store, redis, logger, clock } = deps;
  const lockKey = `${deps.redisPrefix}segments:recompute-lock`;
  return async ({ trigger, actorId, wait = false }) => {
    const token = randomUUID();
    const deadline = Date.now() + LOCK_MS;
    while ((await redis.set(lockKey, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      if (!wait || Date.now() > deadline) return null;
      await sleep(RETRY_MS);
    }
    try {
      const result: SegmentRecomputeResult = await store.recompute(clock(), actorId ?? null);
      logger.info({ trigger, actorId, customers: result.customers, changed: result.changed, needKeyAccountManager: result.needKeyAccountManager }, 'segments recomputed');
      return result;
    } finally {
      // Release only our own lock.
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, token);
    }
  };
}
