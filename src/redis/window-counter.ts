// Counts events per key in fixed windows of time in Redis (e.g. new web chat sessions per client
// network per hour). The window comes from the injected clock; the key expires a window after it ends.

import type { Redis } from 'ioredis';
import type { WindowCounter } from '../channels/webchat/webchat-ports.ts';

export class RedisWindowCounter implements WindowCounter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly windowMs: number,
  ) {}

  async hit(key: string, now: Date): Promise<{ count: number; resetsAt: Date }> {
    const window = Math.floor(now.getTime() / this.windowMs);
    const redisKey = `${this.keyPrefix}${key}:${window}`;
    const results = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, this.windowMs * 2)
      .exec();
    const [error, count] = results?.[0] ?? [null, 0];
    if (error) throw error;
    return { count: Number(count), resetsAt: new Date((window + 1) * this.windowMs) };
  }
}
