// Follow-up jobs end to end on a compressed clock, through web chat: the callback promised in
// step 4, the revisit survey after the commitment is fulfilled (satisfied closes the case,
// unhappy reopens it and queues it for a person), and what cancels a follow-up before it goes:
// a case settled earlier, a customer who already wrote back, an opt-out.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'jobs-boss@care.test', password: 'jobs boss password' };
const HOUR = 60 * 60_000;

describe.each<StoreKind>(['sqlite', 'postgres'])('follow-up jobs on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;
  /** The service's clock runs ahead of real time by this much; tests move it to make things due. */
  let offsetMs = 0;

  beforeAll(async () => {
    t = await startTestApp({
      store,
      clock: () => new Date(Date.now() + offsetMs),
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        // Planning is triggered by the tests that need it.
        FOLLOWUP_PLAN_INTERVAL_MS: String(24 * HOUR),
        REVISIT_DELAY_MS: '0',
        CALLBACK_GRACE_MS: String(10 * 60_000),
        // Quiet hours never in these tests (quiet-hours deferral has a test of its own).
        QUIET_HOURS: '0-0',
        GREETING_HOURS: '0-24',
      },
    });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Ada');
  });
  afterAll(async () => t?.close());

  /** A web chat complaint walked through the five steps to an agreed replacement. */
  async function agreedComplaint(name: string, order: string): Promise<{ customer: WebchatCustomer; caseId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await customer.send(`My blender from order ${order} stopped working after two days, I am really annoyed`);
    await customer.send('It is the PowerBlend 600 blender');
    await customer.send('A replacement');
    const options = await customer.send("Yes, that's right");
    await customer.send(options.replies.at(-1)!.choices![0]!);
    const done = await customer.send('Yes, agreed');
    expect(done.replies.at(-1)?.text).toMatch(/We'll contact you by/);
    const found = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    return { customer, caseId: found.id };
  }

  async function followUps(customerId: string) {
    return t.app.database.db.followUp.findMany({ where: { customerId }, orderBy: { dueAt: 'asc' } });
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('calls back at the promised time: the customer hears "as promised" and the conversation waits for a person', async () => {
    const { customer, caseId } = await agreedComplaint('Callback Person', '55501234');
    await customer.send('Thanks! That was order 55501234, right?'); // winding down the same chat: the callback stands
    const planned = await followUps(customer.customerId);
    expect(planned.map((f) => [f.kind, f.status])).toEqual(
      expect.arrayContaining([
        ['callback', 'scheduled'],
        ['revisit', 'waiting'],
      ]),
    );
    offsetMs += 25 * HOUR; // past the callback promised to a C-tier customer
    const callback = planned.find((f) => f.kind === 'callback')!;
    await waitFor('the callback to be sent', async () => (await t.app.database.db.followUp.findUniqueOrThrow({ where: { id: callback.id } })).status === 'sent');
    const history = await customer.history();
    const sent = history.messages.filter((m) => m.text.startsWith('Hi Callback Person! As promised'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(caseId.slice(0, 8).toUpperCase());
    expect(history.conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId, status: 'queued' } });
    expect(conversation.queueReason).toBe('callback_due');
    expect(await t.app.database.db.contact.count({ where: { customerId: customer.customerId, kind: 'callback' } })).toBe(1);
    // The same job delivered again sends nothing.
    expect(await t.app.jobs!.runner.runBatch([callback.id])).toMatchObject({ sent: 0, skipped: 1 });
    expect((await customer.history()).messages.filter((m) => m.text.includes('As promised'))).toHaveLength(1);
  });

  it('escalates a callback nobody from staff took up in time, and shows it as missed', async () => {
    const { customer } = await agreedComplaint('Waiting Person', '55507890');
    offsetMs += 25 * HOUR;
    const callback = await waitFor('the callback to be sent', async () => {
      const row = await t.app.database.db.followUp.findFirstOrThrow({ where: { customerId: customer.customerId, kind: 'callback' } });
      return row.status === 'sent' ? row : undefined;
    });
    const queued = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: callback.conversationId! } });
    expect(queued).toMatchObject({ status: 'queued', queueReason: 'callback_due' });
    offsetMs += 11 * 60_000; // past CALLBACK_GRACE_MS with nobody taking it over
    const missed = await waitFor('the callback to be marked missed', async () => {
      const row = await t.app.database.db.followUp.findUniqueOrThrow({ where: { id: callback.id } });
      return row.missedAt ? row : undefined;
    });
    expect(missed.status).toBe('sent');
    const escalated = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: callback.conversationId! } });
    expect(escalated.queueReason).toBe('callback_missed');
    expect(escalated.priority).toBeGreaterThan(queued.priority);
    const view = await agent.get('/api/staff/follow-ups?view=missed');
    expect(view.status).toBe(403); // supervisors see the follow-ups view; agents see the queue
    expect(await t.app.database.db.auditLog.count({ where: { entityId: callback.id, action: 'followup.callback_missed' } })).toBe(1);
  });

  it('revisits after the commitment is fulfilled: a satisfied customer closes the case', async () => {
    const { customer, caseId } = await agreedComplaint('Happy Person', '55502345');
    await t.app.database.db.followUp.updateMany({ where: { customerId: customer.customerId, kind: 'callback' }, data: { status: 'cancelled' } });
    const fulfilled = await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'fulfilled' });
    expect(fulfilled.status).toBe(200);
    const survey = await waitFor('the revisit survey', async () => (await customer.history()).messages.find((m) => m.text.includes('rate us from 1 to 5')));
    expect(survey.choices).toEqual(['1', '2', '3', '4', '5']);
    const asked = await customer.send('5');
    expect(asked.replies[0]?.text).toMatch(/what had you expected/i);
    const thanked = await customer.send('4');
    expect(thanked.replies[0]?.text).toMatch(/better than you expected/i);
    const stored = await t.app.database.db.survey.findFirstOrThrow({ where: { caseId } });
    expect(stored).toMatchObject({ score: 5, ratio: 1.25, satisfied: true, expected: '4/5', perceived: '5/5' });
    expect((await t.app.database.db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('closed');
  });

  it('revisits an unhappy customer: the case reopens and goes to a person', async () => {
    const { customer, caseId } = await agreedComplaint('Unhappy Person', '55503456');
    await t.app.database.db.followUp.updateMany({ where: { customerId: customer.customerId, kind: 'callback' }, data: { status: 'cancelled' } });
    await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'fulfilled' });
    await waitFor('the revisit survey', async () => (await customer.history()).messages.find((m) => m.text.includes('rate us from 1 to 5')));
    await customer.send('2');
    const answer = await customer.send('4');
    expect(answer.conversation.status).toBe('queued');
    expect(answer.replies.map((r) => r.text).join(' ')).toMatch(/sorry the result fell short/i);
    expect((await t.app.database.db.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('reopened');
    expect(await t.app.database.db.survey.findFirstOrThrow({ where: { caseId } })).toMatchObject({ score: 2, satisfied: false, ratio: 0.5 });
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId, status: 'queued' } });
    expect(conversation.queueReason).toBe('revisit_unsatisfied');
  });

  it('cancels a callback when the case was settled earlier, and one the customer already wrote back about', async () => {
    const settled = await agreedComplaint('Settled Person', '55504567');
    await t.app.database.db.case.update({ where: { id: settled.caseId }, data: { status: 'closed' } });
    const wroteBack = await agreedComplaint('Eager Person', '55505678');
    await wroteBack.customer.send('Thanks! That is order 55505678, right?'); // the same chat winding down: not coming back
    offsetMs += HOUR;
    await wroteBack.customer.send('Any news on order 55505678? I need the blender before Friday.');
    offsetMs += 25 * HOUR;
    for (const customer of [settled.customer, wroteBack.customer]) {
      const callback = await waitFor('the callback to be settled', async () => {
        const row = await t.app.database.db.followUp.findFirstOrThrow({ where: { customerId: customer.customerId, kind: 'callback' } });
        return row.status === 'cancelled' ? row : undefined;
      });
      expect(callback.lastError).toMatch(/already closed|already wrote back/);
      expect((await customer.history()).messages.some((m) => m.text.includes('As promised'))).toBe(false);
    }
  });

  it('honours an opt-out before sending, even for a follow-up already queued', async () => {
    const { customer } = await agreedComplaint('Quiet Please', '55506789');
    const callback = (await followUps(customer.customerId)).find((f) => f.kind === 'revisit')!;
    await customer.send('别再发了');
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).optOutGreetings).toBe(true);
    await t.app.database.db.followUp.update({ where: { id: callback.id }, data: { status: 'queued', dueAt: new Date(Date.now() + offsetMs - 1000) } });
    expect(await t.app.jobs!.runner.runBatch([callback.id])).toMatchObject({ cancelled: 1, sent: 0 });
    expect((await t.app.database.db.followUp.findUniqueOrThrow({ where: { id: callback.id } })).lastError).toMatch(/opted out/);
  });
});
