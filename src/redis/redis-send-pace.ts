// The channels' send pace in Redis: the follow-ups' rate limiter (GCRA in Lua), so live replies,
// staff messages and follow-ups of every process book their slots on the same keys.

import type { Redis } from 'ioredis';
import type { SendPace } from '../channels/send-pace.ts';
import { RedisRateLimiter, type RateLimit } from '../jobs/rate-limiter.ts';

export class RedisSendPace implements SendPace {
  private readonly limiter: RedisRateLimiter;

  /** `sleep` waits for a booked slot (tests record it). */
  constructor(redis: Redis, keyPrefix: string, sleep?: (ms: number) => Promise<void>) {
    this.limiter = new RedisRateLimiter(redis, keyPrefix, sleep);
  }

  wait(limits: readonly RateLimit[]): Promise<void> {
    return this.limiter.acquire(limits);
  }

  hold(key: string, ms: number): Promise<void> {
    return this.limiter.hold(key, ms);
  }
}
