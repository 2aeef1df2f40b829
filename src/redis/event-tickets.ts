// One-use tickets for the web chat's live stream, kept in Redis for a minute. EventSource cannot
// send headers, so the page puts a ticket in the URL instead of its session token: a URL that
// ends up in a log is worthless once used or a minute old.

import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EventTickets } from '../channels/webchat/webchat-ports.ts';

export class RedisEventTickets implements EventTickets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlSeconds = 60,
  ) {}

  async issue(secretHash: string): Promise<string> {
    const ticket = randomBytes(24).toString('base64url');
    await this.redis.set(this.key(ticket), secretHash, 'EX', this.ttlSeconds);
    return ticket;
  }

  async redeem(ticket: string): Promise<string | null> {
    // GET and DEL in one transaction: two requests with the same ticket cannot both have it.
    const results = await this.redis.multi().get(this.key(ticket)).del(this.key(ticket)).exec();
    const [error, value] = results?.[0] ?? [null, null];
    if (error) throw error;
    return typeof value === 'string' ? value : null;
  }

  /** Stored by hash: a look at Redis does not hand out live tickets. */
  private key(ticket: string): string {
    return `${this.prefix}webchat:events-ticket:${createHash('sha256').update(ticket).digest('hex')}`;
  }
}
