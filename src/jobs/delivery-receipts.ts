// A note in Redis that a follow-up's message left for its channel, written the moment the channel
// accepted it. If recording the send in the database then fails (an outage, a crash), the worker
// that takes the row over finds the note and records the send instead of sending again — the
// only way to know for channels (Telegram, Bot Framework) that cannot say what they delivered.

import type { Redis } from 'ioredis';

const KEEP_SECONDS = 7 * 24 * 3600;

export interface DeliveryReceipts {
  mark(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

export class RedisDeliveryReceipts implements DeliveryReceipts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async mark(key: string): Promise<void> {
    await this.redis.set(`${this.prefix}delivered:${key}`, '1', 'EX', KEEP_SECONDS);
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}delivered:${key}`)) === 1;
  }
}
