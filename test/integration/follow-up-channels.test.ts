// Follow-ups reach customers on Telegram (through the telegram-test-api emulator, buttons and all)
// and Bot Framework (through a loopback Bot Connector): the revisit survey answered by button
// presses, a birthday greeting planned once however often the planner runs, a check-in for a
// customer gone quiet, and a key account manager's task instead of a message for an A-tier one.

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnector } from '../support/bot-connector.ts';
import { BotFrameworkUser } from '../support/botframework-client.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DAY = 24 * 60 * 60_000;

/** A zone where it is now between 04:00 and 22:00, so today's greeting moment (spread over 00:00–03:00) has passed and it goes at once. */
function daytimeZone(): string {
  const zones = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'America/Los_Angeles'];
  for (const zone of zones) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hour12: false }).format(new Date()));
    if (hour >= 4 && hour < 22) return zone;
  }
  throw new Error('no zone in daytime');
}

function todayIn(zone: string): { month: number; day: number } {
  const [month, day] = new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'numeric', day: 'numeric' }).format(new Date()).split('/').map(Number);
  return { month: month!, day: day! };
}

describe('follow-ups on Telegram and Bot Framework', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  let emulator: TelegramServer;
  let connector: BotConnector;
  let t: TestApp;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    connector = await BotConnector.start();
    t = await startTestApp({
      env: {
        ...telegramEnv(emulator, token),
        BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        FOLLOWUP_PLAN_INTERVAL_MS: String(DAY),
        QUIET_HOURS: '0-0',
        GREETING_HOURS: '0-24',
        GREETING_GIFT_CODE_A: 'VIP-2027',
        OUTREACH_SILENT_MS: String(30 * DAY),
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
    await connector?.close();
  });

  function telegramUser(firstName: string, languageCode: string): TelegramUser {
    return new TelegramUser(emulator, token, { mode: 'polling' }, { id: 700_000 + Math.floor(Math.random() * 90_000), first_name: firstName, language_code: languageCode });
  }

  async function customerOf(channel: string, externalId: string) {
    const db = t.app.database.db;
    await expect.poll(() => db.channelIdentity.count({ where: { channel, externalId } }), { timeout: 15_000 }).toBe(1);
    return db.customer.findFirstOrThrow({ where: { identities: { some: { channel, externalId } } } });
  }

  it('asks a Telegram customer the revisit survey with buttons, and closes the case on their answers', async () => {
    const user = telegramUser('Lin', 'zh');
    await user.deliver(user.text('你好'));
    const customer = await customerOf('telegram', String(user.chatId));
    const db = t.app.database.db;
    // The identity is written before the conversation opens: wait for the conversation too.
    await expect.poll(() => db.conversation.count({ where: { customerId: customer.id } }), { timeout: 15_000 }).toBe(1);
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.id } });
    const caseId = randomUUID();
    const commitmentId = randomUUID();
    await db.case.create({
      data: { id: caseId, customerId: customer.id, conversationId: conversation.id, category: 'delivery', emotion: 'annoyed', status: 'fulfilled', step: 5, agreedSolution: 'Reship the parcel' },
    });
    await db.commitment.create({ data: { id: commitmentId, caseId, customerId: customer.id, kind: 'reship', description: '重新发货', dueAt: new Date(), status: 'fulfilled' } });
    await db.followUp.create({
      data: {
        id: randomUUID(),
        customerId: customer.id,
        caseId,
        commitmentId,
        kind: 'revisit',
        dueAt: new Date(Date.now() - 1000),
        dedupeKey: `revisit:${commitmentId}`,
        conversationId: conversation.id,
      },
    });

    await expect
      .poll(
        () =>
          user
            .botMessages()
            .find((m) => m.text.includes('请打 1–5 分'))
            ?.buttons.map((b) => b.text),
        { timeout: 15_000 },
      )
      .toEqual(['1', '2', '3', '4', '5']);
    expect(user.botMessages().find((m) => m.text.includes('请打 1–5 分'))!.text).toContain('重新发货');
    // The send is recorded (with the survey it opens) just after Telegram accepts it; a loaded machine may answer first.
    await expect.poll(() => db.followUp.findFirstOrThrow({ where: { commitmentId } }).then((f) => f.status), { timeout: 15_000 }).toBe('sent');
    await user.deliver(user.press('4'));
    await expect.poll(() => user.botMessages().at(-1)?.text, { timeout: 15_000 }).toMatch(/原本期望/);
    await user.deliver(user.press('4'));
    await expect.poll(() => db.case.findUniqueOrThrow({ where: { id: caseId } }).then((c) => c.status), { timeout: 15_000 }).toBe('closed');
    expect(await db.survey.findFirstOrThrow({ where: { caseId } })).toMatchObject({ score: 4, ratio: 1, satisfied: true });
    // The turn commits before its reply goes out: wait for the reply.
    await expect.poll(() => user.botMessages().at(-1)?.text, { timeout: 15_000 }).toMatch(/结案/);
  });

  it('greets a Telegram customer on their birthday once, however often the planner runs', async () => {
    const zone = daytimeZone();
    const { month, day } = todayIn(zone);
    const user = telegramUser('Wei', 'zh');
    await user.deliver(user.text('你好'));
    const customer = await customerOf('telegram', String(user.chatId));
    await t.app.database.db.customer.update({ where: { id: customer.id }, data: { name: '王伟', timezone: zone, birthday: new Date(Date.UTC(1990, month - 1, day)), tier: 'A' } });

    await t.app.jobs!.planner.plan();
    await t.app.jobs!.planner.plan();
    const greetings = await t.app.database.db.followUp.findMany({ where: { customerId: customer.id, kind: 'greeting' } });
    expect(greetings.map((g) => g.dedupeKey)).toEqual([expect.stringMatching(new RegExp(`^greeting:birthday-\\d{4}:${customer.id}$`))]);
    await expect.poll(() => user.botMessages().filter((m) => m.text.includes('生日快乐')).length, { timeout: 15_000 }).toBe(1);
    const text = user.botMessages().find((m) => m.text.includes('生日快乐'))!.text;
    expect(text).toContain('尊敬的王伟'); // A-tier wording
    expect(text).toContain('VIP-2027'); // A-tier gift code from config
    expect(text).toContain('退订'); // saying no is one reply away
    await t.app.jobs!.planner.plan();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(user.botMessages().filter((m) => m.text.includes('生日快乐'))).toHaveLength(1);
    expect(await t.app.database.db.contact.count({ where: { customerId: customer.id, kind: 'greeting' } })).toBe(1);
  });

  it('checks in with a Bot Framework customer gone quiet', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { name: 'Quiet Sam', locale: 'en-US' });
    expect((await user.say('hello')).status).toBe(200);
    const customer = await customerOf('botframework', user.externalId);
    await t.app.database.db.customer.update({ where: { id: customer.id }, data: { lastContactAt: new Date(Date.now() - 40 * DAY), timezone: daytimeZone() } });

    await t.app.jobs!.planner.plan();
    await connector.waitFor((call) => call.conversationId === user.conversationId && /haven't heard from you in a while/.test(call.activity.text ?? ''));
    await expect.poll(() => t.app.database.db.followUp.findFirstOrThrow({ where: { customerId: customer.id, kind: 'outreach' } }).then((f) => f.status), { timeout: 10_000 }).toBe('sent');
  });

  it('gives an A-tier customer’s monthly contact to their key account manager as a task, not a bot message', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { name: 'Key Kim', locale: 'en-US' });
    await user.say('hello');
    const customer = await customerOf('botframework', user.externalId);
    const manager = await t.app.database.db.staff.create({ data: { id: randomUUID(), email: `kam-${randomUUID()}@care.test`, name: 'Kam', passwordHash: 'x' } });
    await t.app.database.db.customer.update({ where: { id: customer.id }, data: { tier: 'A', keyAccountManagerId: manager.id, lastContactAt: new Date(Date.now() - 29 * DAY) } });
    const before = connector.calls.length;

    await t.app.jobs!.planner.plan();
    const task = await expect
      .poll(() => t.app.database.db.followUp.findFirst({ where: { customerId: customer.id, kind: 'outreach', status: 'sent' } }), { timeout: 10_000 })
      .toBeTruthy()
      .then(() => t.app.database.db.followUp.findFirstOrThrow({ where: { customerId: customer.id, kind: 'outreach' } }));
    expect(task).toMatchObject({ staffId: manager.id, dedupeKey: expect.stringMatching(/^outreach:monthly:\d{4}-\d{2}:/) });
    expect(await t.app.database.db.contact.findFirstOrThrow({ where: { customerId: customer.id, kind: 'outreach' } })).toMatchObject({ outcome: 'task' });
    expect(connector.calls.slice(before).filter((c) => c.conversationId === user.conversationId)).toEqual([]);
    // …and it waits in the staff queue for the key account manager.
    const queued = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.id, status: 'queued' } });
    expect(queued).toMatchObject({ queueReason: 'followup_task', assignedStaffId: manager.id });
  });
});
