// Replies survive a crash: a bot reply on Telegram or Bot Framework is committed with its turn and
// stays "waiting" until the channel confirms it; the delivery sweeper sends what was never
// confirmed — after a kill -9 between the commit and the send, once the service is back — and a
// channel that gives up gets the message marked undelivered and the conversation queued for staff.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConversationEvent } from '../../src/conversation/events.ts';
import { spawnApp, type AppProcess } from '../support/app-process.ts';
import { BotConnector } from '../support/bot-connector.ts';
import { BotFrameworkUser } from '../support/botframework-client.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';
import { StallingProxy } from '../support/stalling-proxy.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const FAST_SWEEP = { DELIVERY_RETRY_AFTER_MS: '1000', DELIVERY_SWEEP_INTERVAL_MS: '200', DELIVERY_MAX_ATTEMPTS: '2' };

describe.each<StoreKind>(['sqlite', 'postgres'])('the delivery sweeper, on %s', (store) => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let connector: BotConnector;
  let t: TestApp;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    connector = await BotConnector.start();
    t = await startTestApp({ store, env: { ...telegramEnv(emulator, token), BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', ...FAST_SWEEP } });
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
    await connector?.close();
  });

  it('sends a Telegram reply its channel never confirmed, once, and marks it sent', async () => {
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 700_000 + Math.floor(Math.random() * 1e5), first_name: 'Ana', language_code: 'en' });
    // A turn whose replies nobody sends: as if the process stopped right after the commit.
    const result = await t.app.engine.turn({
      channel: 'telegram',
      externalUserId: String(user.chatId),
      text: 'What are your opening hours?',
      channelMessageId: `telegram:${randomUUID()}`,
      confirmsDelivery: true,
    });
    expect(result.replies.length).toBeGreaterThan(0);
    const texts = result.replies.map((reply) => reply.text);
    await expect.poll(() => user.botMessages().map((m) => m.text), { timeout: 15_000 }).toEqual(texts);
    const rows = await t.app.database.db.message.findMany({ where: { id: { in: result.replies.map((r) => r.id) } } });
    expect(rows.map((row) => ({ waiting: row.deliveryDueAt !== null, undelivered: row.undeliveredAt !== null, tries: row.deliveryAttempts }))).toEqual(
      rows.map(() => ({ waiting: false, undelivered: false, tries: 1 })),
    );
    // Confirmed: later passes leave it alone.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(user.botMessages()).toHaveLength(texts.length);
  });

  it('marks a reply the channel gave up on as undelivered, shows it to staff and queues the conversation', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });
    expect((await user.say('hello')).status).toBe(200);
    connector.gone.add(user.conversationId);
    const heard: ConversationEvent[] = [];
    const stopListening = t.app.events.subscribeAll((_id, event) => heard.push(event));
    const result = await t.app.engine.turn({
      channel: 'botframework',
      externalUserId: user.externalId,
      text: 'Where is my parcel?',
      channelMessageId: `botframework:${randomUUID()}`,
      confirmsDelivery: true,
    });
    const conversation = () => t.app.database.db.conversation.findUniqueOrThrow({ where: { id: result.conversationId } });
    await expect.poll(async () => (await conversation()).queueReason, { timeout: 15_000 }).toBe('delivery_failed');
    expect((await conversation()).status).toBe('queued');
    const history = await t.app.conversations.customerHistory(result.customerId);
    const undelivered = history.filter((m) => m.undelivered);
    expect(undelivered.map((m) => m.id)).toEqual(result.replies.map((r) => r.id));
    expect(undelivered[0]!.undelivered!.reason).toMatch(/conversation is gone/);
    // Every console hears it live: which messages, and that the conversation joined the queue.
    await expect.poll(() => heard.find((e) => e.type === 'status' && e.queueReason === 'delivery_failed')).toMatchObject({ status: 'queued', previousStatus: 'bot', priority: 75 });
    expect(heard.find((e) => e.type === 'undelivered')).toMatchObject({ messageIds: result.replies.map((r) => r.id) });
    stopListening();
  });
});

/** Two service starts (models loaded from the cache) and a kill fit in this on a busy 2-core machine. */
const RESTART_TEST_MS = 120_000;

describe('a reply committed but not sent when the process is killed (kill -9)', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let dir: string;
  let emulator: TelegramServer;
  let proxy: StallingProxy;
  let connector: BotConnector;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'durable-replies-'));
    emulator = await startTelegramEmulator();
    proxy = await new StallingProxy(emulator.config.apiURL).start();
    connector = await BotConnector.start();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.kill();
  });
  afterAll(async () => {
    await emulator?.stop();
    await proxy?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(databaseFile: string): AppProcess {
    const app = spawnApp({
      DATABASE_URL: `file:${databaseFile}`,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `durable:${randomUUID()}:`,
      DATA_DIR: TEST_CACHE_DIR,
      JOBS_IN_PROCESS: 'false',
      STAFF_HOURS: '00:00-24:00',
      ...telegramEnv(emulator, token),
      TELEGRAM_API_ROOT: proxy.url,
      BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
      ...FAST_SWEEP,
    });
    apps.push(app);
    return app;
  }

  /** The bot's replies in the database file, with whether they still wait for their channel. */
  function storedReplies(databaseFile: string, conversationHint: string): { id: number; text: string; waiting: boolean }[] {
    const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare(
          `SELECT m.id, m.text, m.deliveryDueAt FROM Message m JOIN Conversation c ON c.id = m.conversationId JOIN ChannelIdentity i ON i.id = c.identityId
            WHERE m.author = 'bot' AND i.externalId = ? ORDER BY m.id`,
        )
        .all(conversationHint) as { id: number; text: string; deliveryDueAt: unknown }[];
      return rows.map((row) => ({ id: row.id, text: row.text, waiting: row.deliveryDueAt !== null }));
    } finally {
      db.close();
    }
  }

  it(
    'sends the Telegram reply after the restart, once, and does not answer the redelivered update again',
    async () => {
      const databaseFile = join(dir, 'telegram.db');
      proxy.stallWhen = (path) => path.includes('/sendMessage');
      const first = start(databaseFile);
      await first.ready;
      const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 800_000 + Math.floor(Math.random() * 1e5), first_name: 'Bo', language_code: 'en' });
      await user.deliver(user.text('How long does delivery take?'));
      // Committed, and its send hangs at the channel: the moment to die.
      await expect.poll(() => proxy.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => storedReplies(databaseFile, String(user.chatId)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await first.kill();
      const waiting = storedReplies(databaseFile, String(user.chatId));
      expect(waiting.every((reply) => reply.waiting)).toBe(true);
      expect(user.botMessages()).toEqual([]);

      proxy.stallWhen = undefined;
      const second = start(databaseFile);
      await second.ready;
      await expect.poll(() => user.botMessages().map((m) => m.text), { timeout: 30_000 }).toEqual(waiting.map((reply) => reply.text));
      await expect.poll(() => storedReplies(databaseFile, String(user.chatId)).every((reply) => !reply.waiting), { timeout: 10_000 }).toBe(true);
      // Telegram gave the update to the new process too (its offset was never confirmed): one answer, not two.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(storedReplies(databaseFile, String(user.chatId))).toHaveLength(waiting.length);
      expect(user.botMessages()).toHaveLength(waiting.length);
      await second.stop();
    },
    RESTART_TEST_MS,
  );

  it(
    'sends the Bot Framework reply after the restart through the stored conversation reference, once',
    async () => {
      const databaseFile = join(dir, 'botframework.db');
      const first = start(databaseFile);
      const baseUrl = await first.ready;
      const user = new BotFrameworkUser(baseUrl, connector, { locale: 'en-US' });
      expect((await user.say('hello')).status).toBe(200);
      const before = storedReplies(databaseFile, user.externalId).length;
      connector.stall = true;
      // The channel's POST hangs with the reply's send; it ends when the process dies.
      void user.say('What is your return policy?').catch(() => undefined);
      await expect.poll(() => connector.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await first.kill();
      const waiting = storedReplies(databaseFile, user.externalId).slice(before);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((reply) => reply.waiting)).toBe(true);

      connector.stall = false;
      const second = start(databaseFile);
      await second.ready;
      const texts = waiting.map((reply) => reply.text);
      await expect.poll(() => connector.sentTo(user.conversationId).filter((a) => a.type === 'message' && texts.includes(a.text ?? '')).length, { timeout: 30_000 }).toBe(texts.length);
      await expect.poll(() => storedReplies(databaseFile, user.externalId).every((reply) => !reply.waiting), { timeout: 10_000 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(connector.sentTo(user.conversationId).filter((a) => a.type === 'message' && texts.includes(a.text ?? ''))).toHaveLength(texts.length);
      await second.stop();
    },
    RESTART_TEST_MS,
  );
});
