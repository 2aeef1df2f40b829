// The Telegram staff chat: each new escalation is posted there with a Claim button; a staff
// member whose Telegram account is linked takes the conversation over by pressing it, and an
// unlinked user is asked to link their account first. Through the telegram-test-api emulator.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApiRecorder } from '../support/bot-api-recorder.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTelegramEmulator, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'alerts@care.test', password: 'alerts admin password' };
const STAFF_CHAT = -1_009_000_000 - Math.floor(Math.random() * 1_000_000);

interface AlertMessage {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

describe('Telegram staff alerts', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let recorder: BotApiRecorder;
  let t: TestApp;
  let admin: StaffClient;
  let lin: StaffClient;
  const linTelegramId = 700_000 + Math.floor(Math.random() * 90_000);
  let nextCallback = 880_000;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    recorder = await BotApiRecorder.start(emulator.config.apiURL);
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: recorder.url,
        TELEGRAM_PER_CHAT_INTERVAL_MS: '50',
        STAFF_TELEGRAM_CHAT_ID: String(STAFF_CHAT),
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    lin = await admin.createStaff('agent', 'Lin');
    const linked = await admin.patch(`/api/staff/users/${lin.staff!.id}`, { telegramUserId: String(linTelegramId) });
    expect(linked).toMatchObject({ status: 200, body: { user: { telegramUserId: String(linTelegramId) } } });
  });
  afterAll(async () => {
    await t?.close();
    await recorder?.close();
    await emulator?.stop();
  });

  function staffChat(): AlertMessage[] {
    return emulator.storage.botMessages
      .filter((m) => m.botToken === token && String(m.message.chat_id) === String(STAFF_CHAT))
      .map((m) => ({
        messageId: m.messageId,
        text: String(m.message.text),
        buttons: ((m.message.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat(),
      }));
  }

  async function escalatedWithAlert(name: string): Promise<{ customer: WebchatCustomer; conversationId: string; alert: AlertMessage }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversationId = (await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } })).id;
    await expect.poll(() => staffChat().some((m) => m.text.includes(name)), { timeout: 15_000 }).toBe(true);
    return { customer, conversationId, alert: staffChat().find((m) => m.text.includes(name))! };
  }

  /** A press of the alert's Claim button in the staff group, by this Telegram user. */
  async function pressClaim(alert: AlertMessage, telegramUserId: number, languageCode = 'en'): Promise<string> {
    const callbackId = String(nextCallback++);
    const from = { id: telegramUserId, is_bot: false, first_name: 'Staff', language_code: languageCode };
    const update = {
      update_id: nextCallback,
      callback_query: {
        id: callbackId,
        chat_instance: String(STAFF_CHAT),
        from,
        data: alert.buttons[0]!.callback_data,
        message: { message_id: alert.messageId, date: Math.floor(Date.now() / 1000), chat: { id: STAFF_CHAT, type: 'supergroup', title: 'Care staff' }, text: alert.text },
      },
    } as unknown as Update;
    await new TelegramUser(emulator, token, { mode: 'polling' }, from).deliver(update);
    return callbackId;
  }

  async function answerTo(callbackId: string): Promise<string> {
    await expect.poll(() => recorder.calls.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === callbackId), { timeout: 15_000 }).toBe(true);
    return String(recorder.calls.find((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === callbackId)!.body.text ?? '');
  }

  it('posts each new escalation with name, tier, channel, reason, summary and a Claim button', async () => {
    const { conversationId, alert } = await escalatedWithAlert('Alert Person');
    expect(alert.text).toContain('Alert Person');
    expect(alert.text).toContain('tier C');
    expect(alert.text).toContain('webchat');
    expect(alert.text).toContain('asked_for_person');
    // The bot's summary, in words.
    expect(alert.text).toContain('Alert Person (tier C) asked to talk to a person.');
    expect(alert.buttons).toEqual([{ text: 'Claim', callback_data: `claim:${conversationId}` }]);
    expect(Buffer.byteLength(alert.buttons[0]!.callback_data)).toBeLessThanOrEqual(64);
  });

  it('asks an unlinked Telegram user to link their account first, and changes nothing', async () => {
    const { conversationId, alert } = await escalatedWithAlert('Unclaimed Person');
    const answer = await answerTo(await pressClaim(alert, 123_456));
    expect(answer).toBe(t.app.content.phrases.say('staff_alert.unlinked', 'en'));
    expect(answer).toMatch(/link your Telegram account in the console first/);
    expect(await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ status: 'queued', assignedStaffId: null });
  });

  it('lets a linked staff member claim it: the conversation is theirs, the customer is told, the bot goes silent', async () => {
    const { customer, conversationId, alert } = await escalatedWithAlert('Claimed Person');
    const answer = await answerTo(await pressClaim(alert, linTelegramId));
    expect(answer).toBe(t.app.content.phrases.say('staff_alert.claimed', 'en'));
    const db = t.app.database.db;
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ status: 'human', assignedStaffId: lin.staff!.id });
    expect(await db.auditLog.count({ where: { entityId: conversationId, action: 'conversation.taken_over', actorId: lin.staff!.id } })).toBe(1);
    const history = await customer.history();
    expect(history.messages.map((m) => m.text)).toContain(t.app.content.phrases.say('staff.joined', 'en'));
    await expect.poll(() => staffChat().map((m) => m.text), { timeout: 15_000 }).toContain('Lin took this one.');
    expect((await customer.send('hello?')).replies).toEqual([]);
    // Lin may now write from the console.
    expect((await lin.post(`/api/staff/conversations/${conversationId}/messages`, { text: 'Hi, Lin here.' })).status).toBe(201);
  });

  it('hands the claimer the next waiting conversation once the claimed one is theirs, as a console takeover does', async () => {
    const db = t.app.database.db;
    // The earlier tests' conversations leave the queue, so routing has only this test's to hand out.
    for (const { id } of await db.conversation.findMany({ where: { status: 'queued' }, select: { id: true } })) {
      expect((await admin.post(`/api/staff/conversations/${id}/close`, {})).status).toBe(200);
    }
    // Lin is online with room: routing gives them one conversation at a time, the next once they open it.
    expect((await lin.patch('/api/staff/me', { online: true })).status).toBe(200);
    const first = await escalatedWithAlert('Routed First');
    await expect.poll(async () => (await db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).assignedStaffId).toBe(lin.staff!.id);
    const second = await escalatedWithAlert('Routed Second');
    expect(await db.conversation.findUniqueOrThrow({ where: { id: second.conversationId } })).toMatchObject({ status: 'queued', assignedStaffId: null });

    expect(await answerTo(await pressClaim(first.alert, linTelegramId))).toBe(t.app.content.phrases.say('staff_alert.claimed', 'en'));
    expect(await db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).toMatchObject({ status: 'human', assignedStaffId: lin.staff!.id });
    await expect.poll(async () => (await db.conversation.findUniqueOrThrow({ where: { id: second.conversationId } })).assignedStaffId).toBe(lin.staff!.id);
    expect((await lin.patch('/api/staff/me', { online: false })).status).toBe(200);
  });
});
