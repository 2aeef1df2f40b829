// One person across channels, and Telegram's once-only delivery surviving a restart.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const SECRET = 'cross_channel-secret';

describe('the same customer on web chat and Telegram', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let t: TestApp;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    t = await startTestApp({ env: telegramEnv(emulator, token, SECRET) });
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
  });

  it('joins a Telegram user who shares their verified phone to the profile card they already have, with one merged history', async () => {
    const web = await new WebchatCustomer(t.baseUrl).start({ name: 'Mei' });
    await web.send('Please call me back on 138 1234 5678');
    const card = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: web.customerId } });
    expect(card.phone).toBe('+8613812345678');

    const user = new TelegramUser(emulator, token, { mode: 'webhook', url: `${t.baseUrl}/api/telegram/webhook`, secret: SECRET }, { id: 910_001, first_name: 'Mei' });
    await user.deliver(user.text('How long does delivery take?'));
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await t.app.identities.findIdentity('telegram', '910001');
    expect(before?.customerId).not.toBe(web.customerId);

    await user.deliver(user.message({ contact: { phone_number: '8613812345678', first_name: 'Mei', user_id: 910_001 } }));
    await expect.poll(async () => (await t.app.identities.findIdentity('telegram', '910001'))?.customerId, { timeout: 15_000 }).toBe(web.customerId);

    const history = await t.app.conversations.customerHistory(web.customerId);
    expect(new Set(history.map((m) => m.channel))).toEqual(new Set(['webchat', 'telegram']));
    expect(history.map((m) => m.text)).toEqual(expect.arrayContaining(['Please call me back on 138 1234 5678', 'How long does delivery take?']));
    const merged = await t.app.database.db.auditLog.findFirst({ where: { action: 'customer.merged', entityId: web.customerId } });
    expect(merged).not.toBeNull();
  });
});

describe('Telegram after a restart', () => {
  it('processes an update delivered again after the service restarted only once', async () => {
    const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
    const emulator = await startTelegramEmulator();
    const env = telegramEnv(emulator, token, SECRET);
    const first = await startTestApp({ env });
    const prefix = first.app.config.REDIS_PREFIX;
    const userOf = (app: TestApp) =>
      new TelegramUser(emulator, token, { mode: 'webhook', url: `${app.baseUrl}/api/telegram/webhook`, secret: SECRET }, { id: 920_001, first_name: 'Bo' });
    try {
      const update = userOf(first).text('What payment methods do you accept?');
      await userOf(first).deliver(update);
      await expect.poll(() => userOf(first).botMessages().length, { timeout: 15_000 }).toBeGreaterThan(0);
      const answered = userOf(first).botMessages().length;
      await first.close();

      const second = await startTestApp({ env, databaseUrl: first.databaseUrl, redisPrefix: prefix });
      try {
        await userOf(second).deliver(update);
        const next = userOf(second).text('What are your opening hours?');
        await userOf(second).deliver(next);
        // Updates of one chat are handled in order: once the next one is stored, the redelivery was handled.
        await expect.poll(() => second.app.database.db.message.count({ where: { text: 'What are your opening hours?' } }), { timeout: 15_000 }).toBe(1);
        expect(await second.app.database.db.message.count({ where: { text: 'What payment methods do you accept?' } })).toBe(1);
        await expect.poll(() => userOf(second).botMessages().length, { timeout: 15_000 }).toBeGreaterThan(answered);
        const texts = userOf(second).botMessages().map((m) => m.text);
        expect(texts.filter((text) => text === texts[0])).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await emulator.stop();
    }
  });
});
