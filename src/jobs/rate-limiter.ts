// Send pacing shared by every process through Redis (GCRA, the algorithm behind most API rate
// limits): each key has a "theoretical arrival time"; a send may go when it is not too far ahead
// of now, and pushes it one interval further. One Lua call checks and books atomically, so any
// number of workers together stay under, e.g., Telegram's 30 messages a second and 1 per chat.

import type { Redis } from 'ioredis';

// KEYS: one per limit. ARGV: interval ms and burst tolerance ms for each key, in pairs. Books all
// or none; returns 0 when booked, else how many ms to wait before trying again.
const BOOK = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local tolerance = tonumber(ARGV[i * 2])
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < nowMs then tat = nowMs end
  tats[i] = tat
  if tat - nowMs - tolerance > wait then wait = tat - nowMs - tolerance end
end
if wait > 0 then return math.ceil(wait) end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i * 2 - 1])
  local tat = tats[i] + interval
  redis.call('SET', key, tostring(tat), 'PX', math.ceil(tat - nowMs) + 1000)
end
return 0
`;

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

  /** Waits until a send is allowed under every given limit, and books it. */
  async acquire(limits: readonly RateLimit[]): Promise<void> {
    const active = limits.filter((l) => Number.isFinite(l.perSecond) && l.perSecond > 0);
    if (!active.length) return;
    const keys = active.map((l) => `${this.prefix}rate:${l.key}`);
    const args = active.flatMap((l) => {
      const interval = 1000 / l.perSecond;
      return [String(interval), String(l.burstMs ?? Math.min(interval, 25))];
    });
    for (;;) {
      const wait = Number(await this.redis.eval(BOOK, keys.length, ...keys, ...args));
      if (wait <= 0) return;
      await this.sleep(Math.max(1, Math.ceil(wait)));
    }
  }
}
