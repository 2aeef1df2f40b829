// The channels' "only the first time" guard in Redis: SET NX with an expiry, one round trip.

import type { Redis } from 'ioredis';
import type { OnceGuard } from '../channels/once-guard.ts';

export class RedisOnceGuard implements OnceGuard {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async first(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`${this.keyPrefix}${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }
}
