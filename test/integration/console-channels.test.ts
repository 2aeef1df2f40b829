// A person's messages reach Telegram and Bot Framework customers on their own channel: through
// the telegram-test-api emulator and a loopback Bot Connector, with the real channel adapters.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnector } from '../support/bot-connector.ts';
import { BotFrameworkUser } from '../support/botframework-client.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTelegramEmulator, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'chan@care.test', password: 'channel admin password' };

describe('staff messages on the customer’s own channel', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let connector: BotConnector;
  let t: TestApp;
  let agent: StaffClient;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    connector = await BotConnector.start();
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: emulator.config.apiURL,
        TELEGRAM_PER_CHAT_INTERVAL_MS: '50',
        BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
      },
    });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Chen');
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
    await connector?.close();
  });

  async function queuedConversationOf(channel: string, externalId: string): Promise<string> {
    const db = t.app.database.db;
    await expect.poll(() => db.conversation.count({ where: { identity: { channel, externalId }, status: 'queued' } }), { timeout: 15_000 }).toBe(1);
    return (await db.conversation.findFirstOrThrow({ where: { identity: { channel, externalId }, status: 'queued' } })).id;
  }

  it('reaches a Telegram customer: a person joined, then the message, in their language', async () => {
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 900_000 + Math.floor(Math.random() * 90_000), first_name: 'Mei', language_code: 'zh' });
    await user.deliver(user.text('我要转人工'));
    const conversationId = await queuedConversationOf('telegram', String(user.chatId));

    expect((await agent.post(`/api/staff/conversations/${conversationId}/takeover`)).body).toMatchObject({ delivered: true });
    const written = await agent.post(`/api/staff/conversations/${conversationId}/messages`, { text: '您好，我是陈，来帮您处理。' });
    expect(written).toMatchObject({ status: 201, body: { delivered: true } });
    await expect.poll(() => user.botMessages().map((m) => m.text), { timeout: 15_000 }).toContain('您好，我是陈，来帮您处理。');
    const texts = user.botMessages().map((m) => m.text);
    const joined = texts.indexOf(t.app.content.phrases.say('staff.joined', 'zh'));
    expect(joined).toBeGreaterThanOrEqual(0);
    expect(joined).toBeLessThan(texts.indexOf('您好，我是陈，来帮您处理。'));
    const stored = await t.app.database.db.message.findMany({ where: { conversationId, author: { in: ['staff', 'system'] } }, orderBy: { id: 'asc' } });
    expect(stored.map((m) => m.author)).toEqual(['system', 'staff']);
    expect(stored[1]!.staffId).toBe(agent.staff!.id);
  });

  it('reaches a Bot Framework customer through a proactive message', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { name: 'Sam', locale: 'en-US' });
    const asked = await user.say('I want to talk to a person');
    expect(asked.status).toBe(200);
    const conversationId = await queuedConversationOf('botframework', user.externalId);

    expect((await agent.post(`/api/staff/conversations/${conversationId}/takeover`)).body).toMatchObject({ delivered: true });
    await connector.waitFor((call) => call.conversationId === user.conversationId && /has joined/.test(call.activity.text ?? ''));
    const written = await agent.post(`/api/staff/conversations/${conversationId}/messages`, { text: 'Hi Sam, Chen here. Let me check that for you.' });
    expect(written).toMatchObject({ status: 201, body: { delivered: true } });
    await connector.waitFor((call) => call.conversationId === user.conversationId && call.activity.text === 'Hi Sam, Chen here. Let me check that for you.');

    const silent = await user.say('Thanks, waiting');
    expect(silent.replies).toEqual([]);
    expect((await agent.post(`/api/staff/conversations/${conversationId}/handback`)).body).toMatchObject({ delivered: true });
    await connector.waitFor((call) => call.conversationId === user.conversationId && /back to the bot/.test(call.activity.text ?? ''));
  });
});
