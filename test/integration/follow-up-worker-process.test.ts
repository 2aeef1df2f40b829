// `npm run worker`'s process (src/jobs/worker-process.ts) sends follow-ups on the real channels
// without the app around it: no engine, no HTTP server, no NLU models — only send-only Telegram
// and Bot Framework senders. The app beside it (JOBS_IN_PROCESS off) receives the customers'
// messages; the worker process greets them, once each, through the Telegram emulator and a
// loopback Bot Connector.

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../src/jobs/worker-process.ts';
import { BotConnector } from '../support/bot-connector.ts';
import { BotFrameworkUser } from '../support/botframework-client.ts';
import { ANY_HOUR_ENV, SPRING_FESTIVAL } from '../support/follow-up-fixtures.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('the worker process on its own', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let connector: BotConnector;
  let t: TestApp;
  let worker: WorkerProcess;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    connector = await BotConnector.start();
    t = await startTestApp({ env: { ...telegramEnv(emulator, token), BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', FOLLOWUP_RELAY_INTERVAL_MS: '100', ...ANY_HOUR_ENV } });
    worker = await startWorkerProcess({ ...t.app.config, REDIS_URL: t.app.redisUrl }, { logger: pino({ level: 'silent' }), parts: { worker: true, relay: true, planner: false } });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await emulator?.stop();
    await connector?.close();
  });

  async function customerOf(channel: string, externalId: string) {
    const db = t.app.database.db;
    await expect.poll(() => db.channelIdentity.count({ where: { channel, externalId } }), { timeout: 15_000 }).toBe(1);
    return db.customer.findFirstOrThrow({ where: { identities: { some: { channel, externalId } } } });
  }

  async function greet(customerId: string): Promise<string> {
    const id = randomUUID();
    await t.app.database.db.followUp.create({
      data: { id, customerId, kind: 'greeting', dueAt: new Date(Date.now() - 1000), dedupeKey: `greeting:test:${id}`, payload: JSON.stringify(SPRING_FESTIVAL) },
    });
    return id;
  }

  it('greets a Telegram customer once, through telegraf loaded by the worker alone', async () => {
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 800_000 + Math.floor(Math.random() * 90_000), first_name: 'Mei', language_code: 'zh' });
    await user.deliver(user.text('你好'));
    const customer = await customerOf('telegram', String(user.chatId));
    const id = await greet(customer.id);

    await expect.poll(() => user.botMessages().filter((m) => m.text.includes('春节')).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => t.app.database.db.followUp.findUniqueOrThrow({ where: { id } }).then((f) => f.status), { timeout: 15_000 }).toBe('sent');
    expect(await t.app.database.db.message.count({ where: { channelMessageId: `followup:${id}` } })).toBe(1);
    expect(user.botMessages().filter((m) => m.text.includes('春节'))).toHaveLength(1);
  });

  it('greets a Bot Framework customer through the stored conversation reference', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { name: 'Festive Fay', locale: 'en-US' });
    expect((await user.say('hello')).status).toBe(200);
    const customer = await customerOf('botframework', user.externalId);
    const id = await greet(customer.id);

    await connector.waitFor((call) => call.conversationId === user.conversationId && /Spring Festival/.test(call.activity.text ?? ''));
    await expect.poll(() => t.app.database.db.followUp.findUniqueOrThrow({ where: { id } }).then((f) => f.status), { timeout: 15_000 }).toBe('sent');
  });
});
