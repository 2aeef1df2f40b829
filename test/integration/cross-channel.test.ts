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

  it('keeps a web chat card whose phone was only typed apart from a Telegram user who shares that number verified', async () => {
    const web = await new WebchatCustomer(t.baseUrl).start({ name: 'Mei' });
    await web.send('Please call me back on 138 1234 5678');
    const card = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: web.customerId } });
    expect(card).toMatchObject({ phone: '+8613812345678', phoneVerifiedAt: null });

    const user = new TelegramUser(emulator, token, { mode: 'webhook', url: `${t.baseUrl}/api/telegram/webhook`, secret: SECRET }, { id: 910_001, first_name: 'Mei' });
    await user.deliver(user.text('How long does delivery take?'));
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBeGreaterThan(0);
    const own = (await t.app.identities.findIdentity('telegram', '910001'))!.customerId;
    expect(own).not.toBe(web.customerId);

    // A typed number proves nothing: the verified one gets its card, and staff see both as possible duplicates (security-card-merge.test.ts).
    const answered = user.botMessages().length;
    await user.deliver(user.shareOwnContact('8613812345678'));
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBeGreaterThan(answered);
    expect((await t.app.identities.findIdentity('telegram', '910001'))?.customerId).toBe(own);
    expect(await t.app.database.db.customer.findUniqueOrThrow({ where: { id: own } })).toMatchObject({ phone: '+8613812345678', phoneVerifiedAt: expect.any(Date) });
  });

  it('joins a second Telegram account that shares the same verified phone to the first one’s card, with one merged history', async () => {
    const delivery = { mode: 'webhook', url: `${t.baseUrl}/api/telegram/webhook`, secret: SECRET } as const;
    const first = new TelegramUser(emulator, token, delivery, { id: 910_011, first_name: 'Bo' });
    await first.deliver(first.text('How long does delivery take?'));
    await first.deliver(first.shareOwnContact('8613912345678'));
    await expect.poll(async () => (await t.app.database.db.customer.findFirst({ where: { phone: '+8613912345678' } }))?.phoneVerifiedAt ?? null, { timeout: 15_000 }).not.toBeNull();
    const card = (await t.app.identities.findIdentity('telegram', '910011'))!.customerId;

    const second = new TelegramUser(emulator, token, delivery, { id: 910_012, first_name: 'Bo' });
    await second.deliver(second.text('What payment methods do you accept?'));
    await second.deliver(second.shareOwnContact('8613912345678'));
    await expect.poll(async () => (await t.app.identities.findIdentity('telegram', '910012'))?.customerId, { timeout: 15_000 }).toBe(card);

    const history = await t.app.conversations.customerHistory(card);
    expect(history.map((m) => m.text)).toEqual(expect.arrayContaining(['How long does delivery take?', 'What payment methods do you accept?']));
    const merged = await t.app.database.db.auditLog.findFirst({ where: { action: 'customer.merged', entityId: card } });
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
    const userOf = (app: TestApp) => new TelegramUser(emulator, token, { mode: 'webhook', url: `${app.baseUrl}/api/telegram/webhook`, secret: SECRET }, { id: 920_001, first_name: 'Bo' });
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
        const texts = userOf(second)
          .botMessages()
          .map((m) => m.text);
        expect(texts.filter((text) => text === texts[0])).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await emulator.stop();
    }
  });
});
