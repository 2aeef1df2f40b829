// Telegram's flood limits kept by every instance together: two app instances share one Redis, one
// database and one Bot API emulator, each reaching it through a proxy of its own (so the test
// knows which instance sent what, and can have a chat answered 429). The pace is read where it is
// kept — the Redis keys both instances book their slots on — and, for single senders, from the
// waits their pace was told to sleep, rather than from the wall clock.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/split-text.ts';
import { telegramLimits, telegramOutbound, type TelegramPaceConfig } from '../../src/channels/telegram/telegram-outbound.ts';
import { RedisRateLimiter } from '../../src/jobs/rate-limiter.ts';
import { RedisSendPace } from '../../src/redis/redis-send-pace.ts';
import { BotApiProxy } from '../support/bot-api-proxy.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'shared-pace-secret';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let nextUserId = 610_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

describe('Telegram pacing shared by two app instances', () => {
  /** One message per chat per this many ms … */
  const CHAT_INTERVAL_MS = 300;
  /** … and this many a second overall, both instances together. */
  const GLOBAL_PER_SECOND = 4;
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  const prefix = `test:${randomUUID()}:`;
  let emulator: TelegramServer;
  let proxies: BotApiProxy[] = [];
  let instances: TestApp[] = [];
  let redis: Redis;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    proxies = [await BotApiProxy.start(emulator.config.apiURL), await BotApiProxy.start(emulator.config.apiURL)];
    const env = (proxy: BotApiProxy) => ({
      ...telegramEnv(emulator, token, SECRET),
      TELEGRAM_API_ROOT: proxy.url,
      TELEGRAM_PER_CHAT_INTERVAL_MS: String(CHAT_INTERVAL_MS),
      TELEGRAM_GLOBAL_PER_SECOND: String(GLOBAL_PER_SECOND),
    });
    const first = await startTestApp({ redisPrefix: prefix, env: env(proxies[0]!) });
    instances = [first, await startTestApp({ databaseUrl: first.databaseUrl, redisPrefix: prefix, env: env(proxies[1]!) })];
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    for (const proxy of proxies) await proxy.close();
    await redis?.quit();
    await emulator?.stop();
  });

  /** The same customer writing to instance `i`'s webhook. */
  function userAt(i: number, user: TelegramUser['user']): TelegramUser {
    return new TelegramUser(emulator, token, { mode: 'webhook', url: `${instances[i]!.baseUrl}/api/telegram/webhook`, secret: SECRET }, user);
  }

  function newUser(): TelegramUser['user'] {
    return { id: nextUserId++, first_name: 'Wei', language_code: 'en' };
  }

  /** Waits until every reply the engine stored for these updates has reached Telegram; returns how many there were. */
  async function repliesOut(updates: { user: TelegramUser; update: Update }[]): Promise<number> {
    const db = instances[0]!.app.database.db;
    let total = 0;
    for (const { update } of updates) {
      if (!('message' in update)) throw new Error('expected a message');
      const channelMessageId = `telegram:${update.message.chat.id}:${update.message.message_id}`;
      await expect.poll(() => db.message.findUnique({ where: { channelMessageId } }), { timeout: 15_000 }).not.toBeNull();
      const inbound = await db.message.findUniqueOrThrow({ where: { channelMessageId } });
      const replies = await db.message.count({ where: { replyToId: inbound.id, author: 'bot' } });
      expect(replies).toBeGreaterThan(0);
      total += replies;
    }
    const chats = new Set(updates.map(({ user }) => user.chatId));
    const sent = () => [...chats].reduce((sum, chat) => sum + proxies.reduce((n, proxy) => n + proxy.sentTo(chat).length, 0), 0);
    await expect.poll(sent, { timeout: 30_000 }).toBe(total);
    return total;
  }

  /** Redis's clock in ms: the pace is kept by it, whatever the instances' clocks say. */
  async function redisNow(): Promise<number> {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Number(micros) / 1000;
  }

  /** The stored pace of a key: the earliest moment (Redis clock) its next message is due. */
  async function storedPace(key: string): Promise<number> {
    return Number(await redis.get(`${prefix}rate:${key}`));
  }

  it('spaces the replies to one chat by the chat interval, whichever instance answers', async () => {
    const customer = newUser();
    const texts = ['hello', 'where is my order', 'I want a refund', 'thank you', 'hello again', 'bye'];
    const start = await redisNow();
    const updates = [];
    // Written faster than the replies may go: they pile up on the chat's pace.
    for (const [i, text] of texts.entries()) {
      const user = userAt(i % 2, customer);
      const update = user.text(text);
      await user.deliver(update);
      updates.push({ user, update });
    }
    const replies = await repliesOut(updates);
    const end = await redisNow();

    // Both instances wrote to the chat …
    for (const proxy of proxies) expect(proxy.sentTo(customer.id).length).toBeGreaterThan(0);
    // … and every one of their replies booked its slot on the chat's one pace: it stands one
    // interval per reply past the start (Lua keeps a tenth of a millisecond; allow the rounding) …
    const pace = await storedPace(`telegram:chat:${customer.id}`);
    expect(pace - start).toBeGreaterThanOrEqual(replies * CHAT_INTERVAL_MS - 2);
    // … and no more than one interval past the last reply: none was booked twice.
    expect(pace - end).toBeLessThanOrEqual(CHAT_INTERVAL_MS + 1);
  });

  it('keeps both instances together to the overall rate', async () => {
    const start = await redisNow();
    const updates = [];
    for (let i = 0; i < 8; i += 1) {
      const user = userAt(i % 2, newUser());
      const update = user.text('hello');
      await user.deliver(update);
      updates.push({ user, update });
    }
    const replies = await repliesOut(updates);
    const end = await redisNow();

    for (const proxy of proxies) expect(proxy.sent.length).toBeGreaterThan(0);
    const interval = 1000 / GLOBAL_PER_SECOND;
    const pace = await storedPace('telegram');
    expect(pace - start).toBeGreaterThanOrEqual(replies * interval - 2);
    // The overall pace lets a send go up to 25 ms early (the limiter's default tolerance).
    expect(pace - end).toBeLessThanOrEqual(interval + Math.min(interval, 25) + 1);
  });

  it('holds a chat that Telegram answered 429 on every instance, for as long as retry_after says', async () => {
    const RETRY_AFTER_S = 3;
    const customer = newUser();
    proxies[0]!.floodNext(customer.id, RETRY_AFTER_S);
    const first = userAt(0, customer);
    const hello = first.text('hello');
    await first.deliver(hello);
    await expect.poll(() => proxies[0]!.sent.find((m) => m.chatId === String(customer.id) && m.flooded), { timeout: 15_000 }).toBeDefined();
    const floodedAt = proxies[0]!.sent.find((m) => m.chatId === String(customer.id) && m.flooded)!.at;
    // The first instance has held the chat in Redis.
    await expect.poll(async () => (await storedPace(`telegram:chat:${customer.id}`)) - (await redisNow())).toBeGreaterThan(1000);
    // The same customer writes again, now to the other instance, while the chat is held.
    const second = userAt(1, customer);
    const thanks = second.text('thank you');
    await second.deliver(thanks);
    await repliesOut([
      { user: first, update: hello },
      { user: second, update: thanks },
    ]);

    // The other instance waited out the hold too: nothing reached the chat before retry_after ran
    // out (the hold starts once the 429 is back at the sender, after the proxy answered it).
    expect(proxies[1]!.sentTo(customer.id).length).toBeGreaterThan(0);
    const sentAfter = proxies.flatMap((proxy) => proxy.sentTo(customer.id));
    for (const message of sentAfter) expect(message.at).toBeGreaterThanOrEqual(floodedAt + RETRY_AFTER_S * 1000 - 5);
  });
});

describe('the Telegram sender on the shared pace', () => {
  const config: TelegramPaceConfig = { TELEGRAM_PER_CHAT_INTERVAL_MS: 1000, TELEGRAM_GLOBAL_PER_SECOND: 1000, TELEGRAM_PER_GROUP_PER_MINUTE: 20 };
  let t: TestApp;
  let emulator: TelegramServer;
  let proxy: BotApiProxy;
  let redis: Redis;
  let prefix: string;
  /** Every wait a pace or limiter was told to sleep, in ms, by who slept it. */
  let waits: { who: string; ms: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    emulator = await startTelegramEmulator();
    proxy = await BotApiProxy.start(emulator.config.apiURL);
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis?.quit();
    await proxy?.close();
    await emulator?.stop();
    await t?.close();
  });

  function fresh(): void {
    prefix = `test:${randomUUID()}:`;
    waits = [];
  }

  async function redisNow(): Promise<number> {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Number(micros) / 1000;
  }

  async function storedPace(key: string): Promise<number> {
    return Number(await redis.get(`${prefix}rate:${key}`));
  }

  function recordingSleep(who: string): (ms: number) => Promise<void> {
    return async (ms) => {
      waits.push({ who, ms });
      await new Promise((resolve) => setTimeout(resolve, ms));
    };
  }

  /** An instance's Telegram outbound port: its own Redis connection, the shared keys. */
  function instance(who: string, connection: Redis = redis) {
    const telegram = new Telegram(`${Math.floor(Math.random() * 1e9)}:${randomUUID()}`, { apiRoot: proxy.url });
    return telegramOutbound({ telegram, config, identities: t.app.identities, pace: new RedisSendPace(connection, prefix, recordingSleep(who)), logger }).outbound;
  }

  const target = (chatId: number) => ({ identityId: randomUUID(), externalId: String(chatId) });
  const waited = (who: string) => waits.filter((w) => w.who === who).map((w) => w.ms);

  it('sends a follow-up at the slot the follow-up runner booked, without booking another', async () => {
    fresh();
    const outbound = instance('sender');
    const runner = new RedisRateLimiter(redis, prefix, recordingSleep('runner'));
    const chat = target(nextUserId++);
    const started = performance.now();
    // As the follow-up runner does: a slot under the channel's limits, then the send.
    await runner.acquire(outbound.limits(chat));
    expect(await outbound.send(chat, [{ text: 'Happy Spring Festival!' }], { mode: 'follow-up' })).toEqual({ status: 'sent' });
    expect(waited('sender')).toEqual([]);
    // A staff message right after waits for the chat's next second: the follow-up booked one slot.
    expect(await outbound.send(chat, [{ text: 'Your refund is on its way.' }], { mode: 'staff' })).toEqual({ status: 'sent' });
    const [wait] = waited('sender');
    expect(wait).toBeLessThanOrEqual(1000);
    expect(wait! + (performance.now() - started)).toBeGreaterThanOrEqual(1000);
  });

  it('paces the second part of a long follow-up like any message to the chat', async () => {
    fresh();
    const outbound = instance('sender');
    const chat = target(nextUserId++);
    await new RedisRateLimiter(redis, prefix).acquire(outbound.limits(chat));
    const long = Array.from({ length: (2 * TELEGRAM_TEXT_LIMIT) / 50 }, (_, i) => `Sentence ${i} of a long greeting for you.`).join(' ');
    expect(await outbound.send(chat, [{ text: long }], { mode: 'follow-up' })).toEqual({ status: 'sent' });
    expect(proxy.sentTo(chat.externalId).length).toBeGreaterThanOrEqual(2);
    // One wait per part after the first (for the chat's next second; the overall pace is free).
    const chatWaits = waited('sender').filter((ms) => ms > 1);
    expect(chatWaits).toHaveLength(proxy.sentTo(chat.externalId).length - 1);
    for (const ms of chatWaits) expect(ms).toBeLessThanOrEqual(1000);
  });

  it('spaces two instances’ messages to one chat by its interval, and leaves other chats free', async () => {
    fresh();
    const other = new Redis(inject('redisUrl'));
    try {
      const [a, b] = [instance('a'), instance('b', other)];
      const chat = target(nextUserId++);
      const started = performance.now();
      await a.send(chat, [{ text: 'one' }], { mode: 'staff' });
      await b.send(chat, [{ text: 'two' }], { mode: 'staff' });
      const [wait] = waited('b');
      expect(wait).toBeLessThanOrEqual(1000);
      expect(wait! + (performance.now() - started)).toBeGreaterThanOrEqual(1000);
      // Another chat only keeps the overall pace: a thousandth of a second here.
      waits = [];
      await b.send(target(nextUserId++), [{ text: 'three' }], { mode: 'staff' });
      expect(Math.max(0, ...waited('b'))).toBeLessThanOrEqual(1);
    } finally {
      await other.quit();
    }
  });

  it('holds a chat answered 429 for the other instance as well', async () => {
    fresh();
    const other = new Redis(inject('redisUrl'));
    try {
      const fast = { ...config, TELEGRAM_PER_CHAT_INTERVAL_MS: 0 };
      const port = (who: string, connection: Redis) =>
        telegramOutbound({
          telegram: new Telegram(`1:${randomUUID()}`, { apiRoot: proxy.url }),
          config: fast,
          identities: t.app.identities,
          pace: new RedisSendPace(connection, prefix, recordingSleep(who)),
          logger,
        }).outbound;
      const [a, b] = [port('a', redis), port('b', other)];
      const chat = target(nextUserId++);
      const key = telegramLimits(fast, chat.externalId)[1]!.key;
      proxy.floodNext(chat.externalId, 2);
      const flooded = a.send(chat, [{ text: 'one' }], { mode: 'staff' });
      // a has heard the 429 and held the chat: its pace stands up to two seconds ahead.
      await expect.poll(async () => (await storedPace(key)) - (await redisNow())).toBeGreaterThan(1000);
      const checked = performance.now();
      const held = (await storedPace(key)) - (await redisNow());
      await b.send(chat, [{ text: 'two' }], { mode: 'staff' });
      expect(await flooded).toEqual({ status: 'sent' });
      // Without the hold b would hardly wait (no chat interval here, a thousand a second overall);
      // with it, b sleeps out what was left of it when it booked.
      const longest = Math.max(0, ...waited('b'));
      expect(longest).toBeLessThanOrEqual(2000);
      expect(longest + (performance.now() - checked)).toBeGreaterThanOrEqual(held - 1);
      expect(longest).toBeGreaterThan(1);
    } finally {
      await other.quit();
    }
  });
});
