// Send pacing against a real Redis, with the limits the service gives Telegram (30 messages a
// second overall, one a second per chat). The limiter's sleep is recorded: the tests read how long
// it was told to wait and what pace it stored in Redis, rather than timing sends by the wall clock.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { telegramLimits as limitsOf } from '../../src/channels/telegram/telegram-outbound.ts';
import { loadConfig } from '../../src/config.ts';
import { RedisRateLimiter, type RateLimit } from '../../src/jobs/rate-limiter.ts';

const config = loadConfig({});

/** The limits of a follow-up to Telegram chat `chatId`, as the service sets them. */
function telegramLimits(chatId: number): RateLimit[] {
  return limitsOf(config, String(chatId));
}

describe('send pacing shared through Redis', () => {
  let redis: Redis;
  let prefix: string;
  /** Every wait a limiter asked for, in ms. */
  let waits: number[];

  /** A limiter (one per worker process in production) that notes each wait, then sleeps it. */
  function limiter(): RedisRateLimiter {
    return new RedisRateLimiter(redis, prefix, async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    });
  }

  /** Redis's clock in ms: the limiter paces by it, whatever the clocks of the workers say. */
  async function redisNow(): Promise<number> {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Number(micros) / 1000;
  }

  /** The pace stored for a key: the earliest moment (Redis clock, ms) its next send is due. */
  async function storedPace(key: string): Promise<number> {
    return Number(await redis.get(`${prefix}rate:${key}`));
  }

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  function fresh(): void {
    prefix = `test:${randomUUID()}:`;
    waits = [];
  }

  it('holds a second message to the same Telegram chat for a second after the first', async () => {
    fresh();
    const paced = limiter();
    const started = performance.now();
    await paced.acquire(telegramLimits(42));
    expect(waits).toEqual([]);
    await paced.acquire(telegramLimits(42));
    const elapsed = performance.now() - started;
    // The wait plus the time between the two bookings is the chat's one-second interval.
    expect(waits[0]).toBeLessThanOrEqual(1000);
    expect(waits[0]! + elapsed).toBeGreaterThanOrEqual(1000);
  });

  it('does not hold back other chats while one chat waits for its second', async () => {
    fresh();
    const paced = limiter();
    await paced.acquire(telegramLimits(7));
    const busyChat = paced.acquire(telegramLimits(7));
    await vi.waitUntil(() => waits.length > 0); // chat 7's second message is waiting its turn
    const before = waits.length;
    await paced.acquire(telegramLimits(8));
    // Only the overall pace applies to chat 8: a thirtieth of a second at most.
    expect(Math.max(0, ...waits.slice(before))).toBeLessThanOrEqual(1000 / 30);
    await busyChat;
  });

  it('paces N sends from several workers to R a second: the stored pace runs N/R seconds ahead of the start', async () => {
    fresh();
    const N = 30; // one second's worth at Telegram's 30 a second, each to a chat of its own
    const interval = 1000 / config.TELEGRAM_GLOBAL_PER_SECOND;
    const BURST_MS = Math.min(interval, 25); // the limiter's default tolerance
    const workers = [limiter(), limiter(), limiter()];
    const start = await redisNow();
    await Promise.all(Array.from({ length: N }, (_, i) => workers[i % workers.length]!.acquire(telegramLimits(1000 + i))));
    const end = await redisNow();
    const pace = await storedPace('telegram');
    // Each send pushed the pace one interval on from where it stood (or from now, if it lagged):
    // N intervals past the start at least (Lua stores the pace to a tenth of a millisecond, so
    // allow a little rounding over 30 steps) ...
    expect(pace - start).toBeGreaterThanOrEqual(N * interval - 2);
    // ... and, once the last send went, no more than an interval past it (plus the 25 ms a send
    // may go early).
    expect(pace - end).toBeLessThanOrEqual(interval + BURST_MS + 1);
    // Each chat's own pace stands one second after its only send.
    const chatPaces = await Promise.all(Array.from({ length: N }, (_, i) => storedPace(`telegram:chat:${1000 + i}`)));
    for (const chatPace of chatPaces) {
      expect(chatPace - start).toBeGreaterThanOrEqual(1000 - 1);
      expect(chatPace - end).toBeLessThanOrEqual(1000 + 1);
    }
  });

  it('books the slots of many waiting senders in few calls, and two processes together still keep to the pace', async () => {
    fresh();
    const N = 400;
    const perSecond = 2000; // the greetings benchmark's pace
    const interval = 1000 / perSecond;
    const burst = Math.min(interval, 25);
    const limits: RateLimit[] = [{ key: 'sink', perSecond }];
    // Two processes' limiters, each on a connection of its own whose bookings are counted.
    let bookings = 0;
    const connections = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
    const counted = connections.map(
      (connection) =>
        new Proxy(connection, {
          get(target, property) {
            if (property === 'evalsha' || property === 'eval') bookings += 1;
            const value: unknown = Reflect.get(target, property);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        }),
    );
    const workers = counted.map((connection) => new RedisRateLimiter(connection, prefix, async (ms) => void (await new Promise((resolve) => setTimeout(resolve, ms)))));
    try {
      const start = await redisNow();
      await Promise.all(Array.from({ length: N }, (_, i) => workers[i % 2]!.acquire(limits)));
      const end = await redisNow();
      const pace = await storedPace('sink');
      // Every sender got a slot of its own on the shared pace: N intervals booked, no slot twice
      // (Lua keeps the pace to a tenth of a millisecond; allow that rounding over the bookings) ...
      expect(pace - start).toBeGreaterThanOrEqual(N * interval - 2);
      // ... and no more than were used: the last slot is at most an interval (and the early
      // allowance) before the stored pace.
      expect(pace - end).toBeLessThanOrEqual(interval + burst + 1);
      // One call booked the slots of many waiting senders.
      expect(bookings).toBeLessThan(N / 4);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });
});
