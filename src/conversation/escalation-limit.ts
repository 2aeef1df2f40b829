// How often one conversation may join the staff queue in a day (ESCALATIONS_PER_SESSION_PER_DAY):
// asking for a person, leaving the queue and asking again must not flood staff with new entries
// and alerts. Counted in Redis per conversation and calendar day (UTC, from the engine's clock).

import type { Redis } from 'ioredis';

export interface EscalationLimit {
  /** True when the conversation already joined the queue as often as it may today. */
  reached(conversationId: string, now: Date): Promise<boolean>;
  /** Counts one more time the conversation joined the queue. */
  record(conversationId: string, now: Date): Promise<void>;
}

const TWO_DAYS_SECONDS = 2 * 24 * 3600;

export class RedisEscalationLimit implements EscalationLimit {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; perDay: number },
  ) {}

  async reached(conversationId: string, now: Date): Promise<boolean> {
    return Number((await this.redis.get(this.key(conversationId, now))) ?? 0) >= this.options.perDay;
  }

  async record(conversationId: string, now: Date): Promise<void> {
    const key = this.key(conversationId, now);
    await this.redis.multi().incr(key).expire(key, TWO_DAYS_SECONDS).exec();
  }

  private key(conversationId: string, now: Date): string {
    return `${this.options.prefix}escalations:${conversationId}:${now.toISOString().slice(0, 10)}`;
  }
}
