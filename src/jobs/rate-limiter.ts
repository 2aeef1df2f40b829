// Send pacing shared by every process through Redis (GCRA, the algorithm behind most API rate
// limits): each key has a "theoretical arrival time"; a send may go when it is not too far ahead
// of now, and pushes it one interval further. One Lua call books the earliest slot a limit
// allows — now or later — and the caller sleeps until it, so any number of workers together stay
// under, e.g., Telegram's 30 messages a second and 1 per chat. The senders of one process waiting
// under a key share one round trip: it books a slot for each of them (see acquire).
// (Refusing and letting callers retry instead makes every waiting sender poll Redis: at 2,000
// sends/s that was ~15 calls per send and fell short of the rate.)

import { setTimeout as delay } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// KEYS: the limit's key. ARGV: interval ms, burst tolerance ms, how many slots. Books that many
// consecutive slots from the earliest moment the key allows, and returns how many ms from now the
// first is (fractional, as a string: intervals under a millisecond matter); the others follow it
// one interval apart.
const BOOK = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < nowMs then tat = nowMs end
local at = math.max(nowMs, tat - tolerance)
tat = math.max(tat, at) + interval * count
redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - nowMs) + 1000)
return tostring(at - nowMs)
`;
const BOOK_SHA = createHash('sha1').update(BOOK).digest('hex');
// KEYS: the limit's key. ARGV: ms. Pushes the key's pace to at least that long from now (a later
// one already booked stays), so no slot is booked before then — the platform asked to wait.
const HOLD = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000
local heldUntil = nowMs + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < heldUntil then
  redis.call('SET', KEYS[1], tostring(heldUntil), 'PX', math.ceil(heldUntil - nowMs) + 1000)
end
return 0
`;
const HOLD_SHA = createHash('sha1').update(HOLD).digest('hex');
/** One booking takes at most this many slots ahead (and at most one slot for a pace slower than this). */
const MAX_BOOKING_MS = 50;
const MAX_BOOKING_SLOTS = 128;

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

/** Callers of this process waiting for a slot under one key, and whether a booking is on its way. */
interface Waiters {
  queue: ((waitMs: number) => void)[];
  failures: ((error: unknown) => void)[];
  booking: boolean;
}

export class RedisRateLimiter {
  private readonly waiting = new Map<string, Waiters>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly sleep: (ms: number) => Promise<void> = async (ms) => void (await delay(ms)),
  ) {}

  /**
   * Waits for a send slot under every given limit, booking them one after the other, slowest pace
   * first: a chat's second message first waits out its second, and only then takes a slot of the
   * shared pace — booking both at once would hold the shared pace (and so every other chat) for
   * that second. A slot booked by a caller that then does not send is simply unused: pacing errs
   * on the slow side.
   *
   * The callers of one process waiting under the same key share a booking: one Redis call takes
   * as many consecutive slots as there are callers waiting (up to 50 ms' worth), and hands them out
   * in order. The slots are booked on the shared pace like any other, so processes together still
   * keep to the limit.
   */
  async acquire(limits: readonly RateLimit[]): Promise<void> {
    const wait = await this.reserve(limits);
    if (wait > 0) await this.sleep(wait);
  }

  /**
   * As acquire, but returns the wait for the last slot (in ms, ≤ 0 when it is due) instead of
   * sleeping it, for a caller with something to do meanwhile. The slot is booked: go at it or skip it.
   */
  async reserve(limits: readonly RateLimit[]): Promise<number> {
    const active = limits.filter((l) => Number.isFinite(l.perSecond) && l.perSecond > 0).sort((a, b) => a.perSecond - b.perSecond);
    let wait = 0;
    for (const [i, limit] of active.entries()) {
      if (i > 0 && wait > 0) await this.sleep(wait);
      wait = await this.slot(limit);
    }
    return wait;
  }

  /**
   * Books nothing under `key` (a RateLimit's key) for the next `ms`, across every process: e.g.
   * Telegram answered 429 with retry_after. A limit with a burst allowance may use it from the end
   * of the hold (Telegram's per-chat limits have none). Slots already handed out are not taken back.
   */
  async hold(key: string, ms: number): Promise<void> {
    await this.evalScript(HOLD, HOLD_SHA, `${this.prefix}rate:${key}`, [String(Math.max(0, ms))]);
  }

  /** Ms to wait for this caller's slot under `limit`. */
  private slot(limit: RateLimit): Promise<number> {
    const key = `${this.prefix}rate:${limit.key}`;
    let waiters = this.waiting.get(key);
    if (!waiters) {
      waiters = { queue: [], failures: [], booking: false };
      this.waiting.set(key, waiters);
    }
    const line = waiters;
    const slot = new Promise<number>((resolve, reject) => {
      line.queue.push(resolve);
      line.failures.push(reject);
    });
    this.book(key, limit, line);
    return slot;
  }

  /** Books slots for the callers waiting under `key`, unless a booking is already on its way (it books again when back). */
  private book(key: string, limit: RateLimit, waiters: Waiters): void {
    if (waiters.booking) return;
    if (!waiters.queue.length) {
      this.waiting.delete(key);
      return;
    }
    const interval = 1000 / limit.perSecond;
    const count = Math.min(waiters.queue.length, MAX_BOOKING_SLOTS, Math.max(1, Math.floor(MAX_BOOKING_MS / interval)));
    const takers = waiters.queue.splice(0, count);
    const failures = waiters.failures.splice(0, count);
    waiters.booking = true;
    this.evalScript(BOOK, BOOK_SHA, key, [String(interval), String(limit.burstMs ?? Math.min(interval, 25)), String(count)])
      .then(
        (first) => takers.forEach((resolve, i) => resolve(Number(first) + i * interval)),
        (error: unknown) => failures.forEach((reject) => reject(error)),
      )
      .finally(() => {
        waiters.booking = false;
        this.book(key, limit, waiters);
      });
  }

  /** EVALSHA, and EVAL once when Redis does not hold the script yet (a restart, a new server). */
  private async evalScript(script: string, sha: string, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, 1, key, ...args);
    }
  }
}
