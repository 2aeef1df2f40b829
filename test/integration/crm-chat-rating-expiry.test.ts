// A rating question never answered does not stay 'asked' for ever: the daily retention sweep marks
// it 'expired' once it has had CSAT_ASK_WITHIN_MS to go out and a day more to be answered, so the
// figures tell a rating no one gave from one still to come. Answered, skipped and recent ones are
// left alone; a second sweep finds nothing; and a customer who answers after all is still heard.
// On SQLite and PostgreSQL, through web chat and the follow-up job that asks.

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATING_ANSWER_WINDOW_MS, RetentionSweep } from '../../src/jobs/retention-sweep.ts';
import { SqlRetentionStore } from '../../src/store/retention-store.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'csat-expiry@care.test', password: 'csat expiry password long' };
const ASK_WITHIN_MS = 4 * 3600_000;

describe.each<StoreKind>(['sqlite', 'postgres'])('unanswered chat ratings on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({
      store,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        QUIET_HOURS: '0-0',
        GREETING_HOURS: '0-24',
        CSAT_ASK_WITHIN_MS: String(ASK_WITHIN_MS),
      },
    });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Ezra');
  });
  afterAll(async () => t?.close());

  /** A web chat customer served by the agent, who closes the chat; resolves once the rating question has reached them. */
  async function askedAfterChat(name: string): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);
    await waitFor('the rating question', async () => ((await customer.history()).messages.some((m) => /How would you rate the help you got/.test(m.text) && m.choices?.length) ? true : undefined));
    return { customer, conversationId: conversation.id };
  }

  /** A rating row of another (made-up) conversation, as a close or a bot turn would have left it. */
  async function ratingRow(status: string, askedAt: Date, score: number | null = null): Promise<string> {
    const id = randomUUID();
    await t.app.database.db.chatRating.create({
      data: { id, conversationId: randomUUID(), customerId: randomUUID(), channel: 'webchat', servedBy: 'bot', status, score, language: 'zh', askedAt, ...(score ? { answeredAt: askedAt } : {}) },
    });
    return id;
  }

  const statusOf = async (where: { id: string } | { conversationId: string }) => (await t.app.database.db.chatRating.findUniqueOrThrow({ where })).status;

  it('expires the questions left unanswered past the bound, once, and still records a late answer', async () => {
    const { customer, conversationId } = await askedAfterChat('Late Lou');
    // The sweep runs a day and a bit after this chat ended.
    const sweepAt = new Date(Date.now() + ASK_WITHIN_MS + RATING_ANSWER_WINDOW_MS + 60 * 60_000);
    const bound = sweepAt.getTime() - ASK_WITHIN_MS - RATING_ANSWER_WINDOW_MS;
    const justPast = await ratingRow('asked', new Date(bound - 60_000));
    const stillInTime = await ratingRow('asked', new Date(bound + 60_000));
    const answered = await ratingRow('answered', new Date(bound - 3_600_000), 5);
    const skipped = await ratingRow('skipped', new Date(bound - 3_600_000));

    const sweep = new RetentionSweep({
      store: new SqlRetentionStore(t.app.database.sql),
      logger: pino({ level: 'silent' }),
      messageDays: 730,
      auditDays: 1095,
      ratingAskWithinMs: t.app.config.CSAT_ASK_WITHIN_MS,
    });
    expect((await sweep.run(sweepAt)).ratingsExpired).toBe(2);
    expect(await statusOf({ conversationId })).toBe('expired');
    expect(await statusOf({ id: justPast })).toBe('expired');
    expect(await statusOf({ id: stillInTime })).toBe('asked');
    expect(await statusOf({ id: answered })).toBe('answered');
    expect(await statusOf({ id: skipped })).toBe('skipped');
    const run = await t.app.database.db.auditLog.findFirstOrThrow({ where: { action: 'retention.run' } });
    expect(JSON.parse(run.details)).toMatchObject({ ratingsExpired: 2 });
    expect((await sweep.run(sweepAt)).ratingsExpired).toBe(0);

    // The customer answers after all: the score counts (and the comment question follows).
    const scored = await customer.send('4 Good');
    expect(scored.replies.at(-1)).toMatchObject({ text: expect.stringMatching(/anything you'd like to add/i), choices: ['No, thanks'] });
    await customer.send('No, thanks');
    expect(await t.app.database.db.chatRating.findUniqueOrThrow({ where: { conversationId } })).toMatchObject({ status: 'answered', score: 4, staffId: agent.staff!.id, answeredAt: expect.any(Date) });
  });
});
