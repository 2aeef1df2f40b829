// The Telegram channel with the real telegraf against the telegram-test-api emulator, in long
// polling and in webhook mode; the outbound sender against the emulator and against a tiny
// Bot API stand-in that answers 429 and 403.

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundSender } from '../../src/channels/telegram/outbound-sender.ts';
import { TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/split-text.ts';
import { telegramChatPace } from '../../src/channels/telegram/telegram-outbound.ts';
import { RedisSendPace } from '../../src/redis/redis-send-pace.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser, type BotMessage } from '../support/telegram-emulator.ts';

const SECRET = 'test_webhook-secret';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let nextUserId = 700_000 + Math.floor(Math.random() * 100_000) * 10;

describe.each(['polling', 'webhook'] as const)('telegram channel (%s)', (mode) => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let t: TestApp;
  let webhookUrl = '';

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    t = await startTestApp({
      env: telegramEnv(emulator, token, mode === 'webhook' ? SECRET : undefined),
    });
    webhookUrl = `${t.baseUrl}/api/telegram/webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
  });

  function newUser(user: { first_name?: string; last_name?: string; language_code?: string } = {}): TelegramUser {
    const delivery = mode === 'webhook' ? { mode, url: webhookUrl, secret: SECRET } : { mode };
    return new TelegramUser(emulator, token, delivery, { id: nextUserId++, first_name: 'Alice', language_code: 'en', ...user });
  }

  function keyOf(update: Update): string {
    if ('callback_query' in update) return `telegram:callback:${update.callback_query.id}`;
    if ('message' in update) return `telegram:${update.message.chat.id}:${update.message.message_id}`;
    throw new Error('not a message or button press');
  }

  /** Delivers an update the engine answers and waits until all its replies have reached the chat. */
  async function turn(user: TelegramUser, update: Update): Promise<BotMessage[]> {
    const before = user.botMessages().length;
    await user.deliver(update);
    const db = t.app.database.db;
    const inbound = await expect
      .poll(() => db.message.findUnique({ where: { channelMessageId: keyOf(update) } }), { timeout: 15_000 })
      .not.toBeNull()
      .then(() => db.message.findUniqueOrThrow({ where: { channelMessageId: keyOf(update) } }));
    const replies = await db.message.count({ where: { replyToId: inbound.id, author: 'bot' } });
    expect(replies).toBeGreaterThan(0);
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBe(before + replies);
    return user.botMessages().slice(before);
  }

  /** Delivers an update the adapter answers itself and returns that answer. */
  async function answer(user: TelegramUser, update: Update): Promise<string> {
    const before = user.botMessages().length;
    await user.deliver(update);
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBe(before + 1);
    return user.botMessages().at(-1)!.text;
  }

  const said = (messages: BotMessage[]) => messages.map((m) => m.text).join('\n');

  async function customerOf(user: TelegramUser) {
    const identity = await t.app.identities.findIdentity('telegram', String(user.user.id));
    if (!identity) throw new Error('no identity yet');
    return identity;
  }

  it('walks a complaint through all five steps with buttons and records the commitment', async () => {
    const user = newUser({ first_name: 'Alice', last_name: 'Lee', language_code: 'en-GB' });
    const greeting = await turn(user, user.text('/start'));
    expect(said(greeting)).toContain('Alice');
    const { customerId } = await customerOf(user);
    expect(await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({ name: 'Alice Lee', locale: 'en' });

    const first = await turn(user, user.text('My blender from order 12345678 stopped working after two days, I am really annoyed'));
    expect(said(first)).toMatch(/sorry/i);
    const product = await turn(user, user.text('It is the PowerBlend 600 blender'));
    expect(product.at(-1)!.buttons.map((b) => b.text)).toContain('A replacement');
    // Buttons carry an index, not the label: callback_data is limited to 64 bytes.
    expect(product.at(-1)!.buttons.every((b) => Buffer.byteLength(b.callback_data) <= 64 && !b.callback_data.includes('replacement'))).toBe(true);

    const restated = await turn(user, user.press('A replacement'));
    expect(said(restated)).toContain('12345678');
    const options = await turn(user, user.press("Yes, that's right"));
    const firstOption = options.at(-1)!.buttons[0]!.text;
    expect(firstOption).toMatch(/replacement/i);
    const agreement = await turn(user, user.press(firstOption));
    expect(agreement.at(-1)!.buttons.map((b) => b.text)).toEqual(['Yes, agreed', 'No']);
    const done = await turn(user, user.press('Yes, agreed'));
    expect(said(done)).toMatch(/reference [0-9A-F]{8}/);

    const db = t.app.database.db;
    const kase = await db.case.findFirstOrThrow({ where: { customerId } });
    expect(kase).toMatchObject({ status: 'agreed', step: 5 });
    expect(await db.commitment.findFirst({ where: { caseId: kase.id } })).toMatchObject({ kind: 'replacement' });
    const contact = await db.contact.findFirstOrThrow({ where: { customerId } });
    expect(contact.channel).toBe('telegram');
  });

  it('processes an update delivered twice once and answers it once', async () => {
    const user = newUser();
    const question = user.text('How long does delivery take?');
    const replies = await turn(user, question);
    const again = { ...question, update_id: question.update_id + 100_000 };
    await user.deliver(again);
    // Updates of one chat are handled in order: once this one is answered, the redelivery was handled.
    const next = await turn(user, user.text('What payment methods do you accept?'));
    expect(user.botMessages()).toHaveLength(replies.length + next.length);
    const { customerId } = await customerOf(user);
    const customerMessages = await t.app.database.db.message.findMany({ where: { author: 'customer', conversation: { customerId } } });
    expect(customerMessages.map((m) => m.text)).toEqual(['How long does delivery take?', 'What payment methods do you accept?']);
  });

  it('keeps a photo sent during a complaint as evidence on the case', async () => {
    const user = newUser();
    await turn(user, user.text('The kettle from order 87654321 leaks water, very disappointing'));
    const photo = user.message({
      photo: [
        { file_id: 'small-id', file_unique_id: 's', width: 90, height: 90 },
        { file_id: 'large-id', file_unique_id: 'l', width: 800, height: 800 },
      ],
      caption: 'This is the leak',
    });
    const replies = await turn(user, photo);
    expect(replies.length).toBeGreaterThan(0);
    const { customerId } = await customerOf(user);
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId } });
    expect(JSON.parse(kase.evidence)).toContain('telegram-photo:large-id');
  });

  it('answers stickers, voice, locations and files politely, and says it talks only in private chats', async () => {
    const user = newUser();
    expect(await answer(user, user.message({ sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }))).toMatch(
      /sticker.*in words/i,
    );
    expect(await answer(user, user.message({ voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } }))).toMatch(/voice messages/i);
    expect(await answer(user, user.message({ location: { latitude: 31.23, longitude: 121.47 } }))).toMatch(/location/i);
    expect(await answer(user, user.message({ document: { file_id: 'd', file_unique_id: 'd' } }))).toMatch(/send it as a photo/i);
    const group = user.message({ text: 'hello bot', chat: { id: -100_123, type: 'group', title: 'Friends' } });
    await user.deliver(group);
    await expect
      .poll(() => emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === '-100123').map((m) => m.message.text))
      .toEqual([expect.stringMatching(/only help customers in private chats/)]);
    // None of these started an engine turn.
    const identity = await t.app.identities.findIdentity('telegram', String(user.user.id));
    const messages = identity ? await t.app.database.db.message.count({ where: { conversation: { identityId: identity.identityId } } }) : 0;
    expect(messages).toBe(0);
  });

  it('switches the language with /lang, explains its use, and saves a shared own phone number', async () => {
    const user = newUser({ language_code: 'zh-hans' });
    expect(await answer(user, user.text('/lang en'))).toMatch(/English from now on/);
    const { customerId } = await customerOf(user);
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } })).locale).toBe('en');
    expect(await answer(user, user.text('/lang klingon'))).toMatch(/\/lang zh/);
    expect(await answer(user, user.text('/lang zh'))).toContain('中文');
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } })).locale).toBe('zh');
    const contact = user.message({ contact: { phone_number: '8613800138000', first_name: 'Alice', user_id: user.user.id } });
    expect(await answer(user, contact)).toBeTruthy();
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } })).phone).toBe('+8613800138000');
  });

  it.runIf(mode === 'webhook')('refuses webhook calls without the right secret header', async () => {
    const update = newUser().text('hello');
    const post = (headers: Record<string, string>) => fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    // The header is checked before the body: a forged call with a broken body is still just 401.
    expect((await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(401);
    const right = await post({ 'x-telegram-bot-api-secret-token': SECRET });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ ok: true });
  });

  it.runIf(mode === 'webhook')('answers an edited message politely', async () => {
    const user = newUser();
    const edited = { update_id: 9_000_000 + user.user.id, edited_message: { ...(user.text('helo') as { message: object }).message, edit_date: 1 } } as Update;
    const before = user.botMessages().length;
    await user.deliver(edited);
    await expect.poll(() => user.botMessages().length).toBe(before + 1);
    expect(user.botMessages().at(-1)!.text).toMatch(/send the correction as a new message/);
  });
});

describe('telegram outbound sender', () => {
  let t: TestApp;
  let emulator: TelegramServer;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp();
    emulator = await startTelegramEmulator();
    redis = new Redis(t.app.redisUrl);
  });
  afterAll(async () => {
    await redis?.quit();
    await emulator?.stop();
    await t?.close();
  });

  function senderFor(apiRoot: string, token = `1:${randomUUID()}`) {
    return new OutboundSender({
      telegram: new Telegram(token, { apiRoot }),
      // The app's pace in Redis, fast: a 429 holds the chat there.
      pace: telegramChatPace(new RedisSendPace(redis, t.app.config.REDIS_PREFIX), { TELEGRAM_PER_CHAT_INTERVAL_MS: 0, TELEGRAM_GLOBAL_PER_SECOND: 1000, TELEGRAM_PER_GROUP_PER_MINUTE: 60_000 }),
      identities: t.app.identities,
      logger,
      backoffMs: 10,
    });
  }

  it('splits a 10,000-character reply into messages Telegram accepts, keeping every word', async () => {
    const token = `2:${randomUUID()}`;
    const paragraph = Array.from({ length: 20 }, (_, i) => `Sentence ${i} of a long answer about delivery.`).join(' ');
    const text = Array.from({ length: 12 }, () => paragraph)
      .join('\n\n')
      .slice(0, 10_000);
    expect(await senderFor(emulator.config.apiURL, token).send({ chatId: 42, text })).toBe('sent');
    const parts = emulator.storage.botMessages.filter((m) => m.botToken === token).map((m) => String(m.message.text));
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= TELEGRAM_TEXT_LIMIT)).toBe(true);
    expect(parts.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  describe('against a Bot API that answers 429 and 403', () => {
    let api: Server;
    let apiRoot = '';
    const calls: { chatId: number; at: number }[] = [];
    beforeAll(async () => {
      api = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const { chat_id: chatId } = JSON.parse(body || '{}') as { chat_id: number };
          calls.push({ chatId, at: Date.now() });
          const soFar = calls.filter((c) => c.chatId === chatId).length;
          const answer =
            chatId === 403
              ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
              : chatId === 429 && soFar === 1
                ? { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
                : { ok: true, result: { message_id: soFar, date: 0, chat: { id: chatId, type: 'private' }, text: 'ok' } };
          response.writeHead(answer.ok ? 200 : (answer.error_code ?? 500), { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        });
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      apiRoot = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
    });
    afterAll(async () => new Promise((resolve) => api.close(resolve)));

    it('waits as long as a 429 asks and then delivers', async () => {
      const started = Date.now();
      expect(await senderFor(apiRoot).send({ chatId: 429, text: 'hello' })).toBe('sent');
      const tries = calls.filter((c) => c.chatId === 429);
      expect(tries).toHaveLength(2);
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    it('marks the identity unreachable when the customer has blocked the bot, without retrying', async () => {
      const { identityId } = await t.app.identities.createIdentity({ channel: 'telegram', externalId: String(403 + Math.random()) });
      await senderFor(apiRoot).enqueue({
        chatId: 403,
        identityId,
        messages: [
          { chatId: 403, text: 'one' },
          { chatId: 403, text: 'two' },
        ],
      });
      expect(calls.filter((c) => c.chatId === 403)).toHaveLength(1);
      const identity = await t.app.database.db.channelIdentity.findUniqueOrThrow({ where: { id: identityId } });
      expect(identity.reachable).toBe(false);
    });
  });
});
