// The rating asked after a chat (CSAT) on Telegram, through the telegram-test-api emulator: staff
// close a chat they served, the score buttons arrive as an inline keyboard, and a press records it.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'csat-telegram@care.test', password: 'csat telegram password' };

describe('a chat rating on Telegram', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let t: TestApp;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    t = await startTestApp({
      env: {
        ...telegramEnv(emulator, token),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        QUIET_HOURS: '0-0',
        GREETING_HOURS: '0-24',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
  });

  it('sends the 1–5 buttons as an inline keyboard after staff close the chat, and records the pressed score', async () => {
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 800_000 + Math.floor(Math.random() * 90_000), first_name: 'Mei', language_code: 'zh' });
    await user.deliver(user.text('我要转人工'));
    const db = t.app.database.db;
    const conversation = await expect
      .poll(() => db.conversation.findFirst({ where: { channel: 'telegram', status: 'queued', identity: { externalId: String(user.chatId) } } }), { timeout: 15_000 })
      .toBeTruthy()
      .then(() => db.conversation.findFirstOrThrow({ where: { channel: 'telegram', identity: { externalId: String(user.chatId) } } }));
    const staff = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    expect((await staff.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await staff.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);

    const asked = () => user.botMessages().find((m) => m.text.includes('为这次服务打个分'));
    await expect.poll(() => asked()?.buttons.map((b) => b.text), { timeout: 15_000 }).toEqual(['1 很不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意']);
    // Recorded (with the rating it opens) just after Telegram accepted it; a loaded machine may answer first.
    await expect.poll(() => db.followUp.findUniqueOrThrow({ where: { dedupeKey: `rating:${conversation.id}` } }).then((f) => f.status), { timeout: 15_000 }).toBe('sent');
    await user.deliver(user.press('4 满意'));
    await expect.poll(() => db.chatRating.findUniqueOrThrow({ where: { conversationId: conversation.id } }).then((r) => r.score), { timeout: 15_000 }).toBe(4);
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({
      channel: 'telegram',
      servedBy: 'staff',
      staffId: staff.staff!.id,
      status: 'answered',
      language: 'zh',
    });
    await expect
      .poll(
        () =>
          user
            .botMessages()
            .at(-1)
            ?.buttons.map((b) => b.text),
        { timeout: 15_000 },
      )
      .toEqual(['不用了，谢谢']);
  });
});
