// Send pacing shared by every process through Redis (GCRA, the algorithm behind most API rate
// limits): each key has a "theoretical arrival time"; a send may go when it is not too far ahead
// of now, and pushes it one interval further. One Lua call books the earliest slot a limit
// allows — now or later — and the caller sleeps until it, so any number of workers together stay
// under, e.g., Telegram's 30 messages a second and 1 per chat, with one round trip per limit.
// (Refusing and letting callers retry instead makes every waiting sender poll Redis: at 2,000
// sends/s that was ~15 calls per send and fell short of the rate.)

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// KEYS: one per limit. ARGV: interval ms and burst tolerance ms for each key, in pairs. Books the
// earliest moment that every key allows, on every key, and returns how many ms from now it is
// (fractional, as a string: intervals under a millisecond matter).
const BOOK = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000
local at = nowMs
local tats = {}
for i, key in ipairs(KEYS) do
  local tolerance = tonumber(ARGV[i * 2])
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < nowMs then tat = nowMs end
  tats[i] = tat
  if tat - tolerance > at then at = tat - tolerance end
end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i * 2 - 1])
  local tat = math.max(tats[i], at) + interval
  redis.call('SET', key, tostring(tat), 'PX', math.ceil(tat - nowMs) + 1000)
end
return tostring(at - nowMs)
`;
const BOOK_SHA = createHash('sha1').update(BOOK).digest('hex');

export interface RateLimit {
  /** Redis key suffix, e.g. "telegram" or "telegram:chat:12345". */
  key: string;
  /** At most this many sends per second under this key. */
  perSecond: number;
  /**
   * How far ahead of the steady pace a send may go, in ms (default: one interval, at most 25 ms).
   * 0 makes the spacing strict, e.g. one message per chat per second.
   */
  burstMs?: number;
}

export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Waits for a send slot under every given limit, booking them one after the other, slowest pace
   * first: a chat's second message first waits out its second, and only then takes a slot of the
   * shared pace — booking both at once would hold the shared pace (and so every other chat) for
   * that second. A slot booked by a caller that then does not send is simply unused: pacing errs
   * on the slow side.
   */
  async acquire(limits: readonly RateLimit[]): Promise<void> {
    const active = limits.filter((l) => Number.isFinite(l.perSecond) && l.perSecond > 0).sort((a, b) => a.perSecond - b.perSecond);
    for (const limit of active) {
      const interval = 1000 / limit.perSecond;
      const wait = Number(await this.book([`${this.prefix}rate:${limit.key}`], [String(interval), String(limit.burstMs ?? Math.min(interval, 25))]));
      if (wait > 0) await this.sleep(wait);
    }
  }

  /** EVALSHA, and EVAL once when Redis does not hold the script yet (a restart, a new server). */
  private async book(keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(BOOK_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(BOOK, keys.length, ...keys, ...args);
    }
  }
}
