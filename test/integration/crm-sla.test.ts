// SLA timers end to end on the real app, with a clock the test moves: a customer asks for a
// person, the console's list shows the first-reply timer (ok, amber, red), one pass tells the
// customer once that the promised wait passed (with a new estimate, and the bot does not apologise
// again after it), another marks the breach once and alerts every console, the webhook receivers
// (conversation.sla_breached) and the breach counter; a staff reply switches to the resolution timer,
// whose breach is marked and announced once in the same way.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'sla-admin@care.test', password: 'sla admin password' };
const MINUTE = 60_000;

interface Sla {
  kind: string;
  state: string;
  dueAt: string;
  amberAt: string;
  targetMinutes: number;
  secondsLeft: number;
  secondsToAmber: number;
}
interface Item {
  id: string;
  status: string;
  sla: Sla | null;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('SLA timers on %s', (store) => {
  let t: TestApp;
  let now = new Date();
  let supervisor: StaffClient;
  let agent: StaffClient;
  let receiver: WebhookReceiver;
  let consoleStream: SseReader;
  let customer: WebchatCustomer;
  let conversationId: string;
  let queuedAt: Date;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({
      store,
      clock: () => now,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        WEBHOOKS_RETRY_BASE_MS: '50',
        // The test runs the passes itself.
        SLA_CHECK_INTERVAL_MS: '0',
        CRISIS_DETECT_INTERVAL_MS: '0',
      },
    });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sela');
    agent = await admin.createStaff('agent', 'Aga');
    const endpoint = await admin.post('/api/staff/webhooks', { url: receiver.url('/sla'), events: ['conversation.sla_breached'] });
    expect(endpoint.status).toBe(201);
    consoleStream = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: supervisor.cookie, ready: 'ready' });
    customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Wen', locale: 'en' });
    const asked = await customer.send('I want to talk to a person please');
    expect(asked.conversation.status).toBe('queued');
    queuedAt = now;
  });
  afterAll(async () => {
    consoleStream?.close();
    await t?.close();
    await receiver?.close();
  });

  async function listed(status: string): Promise<Item> {
    const response = await supervisor.get<{ conversations: Item[] }>(`/api/staff/conversations?status=${status}`);
    expect(response.status).toBe(200);
    const item = response.body.conversations.find((c) => (conversationId ? c.id === conversationId : true));
    expect(item).toBeDefined();
    conversationId = item!.id;
    return item!;
  }

  const advanceTo = (minutes: number) => (now = new Date(queuedAt.getTime() + minutes * MINUTE));

  it('shows the tier’s first-reply timer on the queued conversation, counting from the handoff', async () => {
    const item = await listed('queued');
    // config/sla.yaml: tier C, 30 minutes to the first reply, amber at 75 %.
    expect(item.sla).toMatchObject({ kind: 'first_reply', state: 'ok', targetMinutes: 30, secondsLeft: 1800, secondsToAmber: 1350 });
    expect(Date.parse(item.sla!.dueAt)).toBe(queuedAt.getTime() + 30 * MINUTE);
  });

  it('tells the customer once, with a new estimate, when the promised wait has passed', async () => {
    advanceTo(10);
    expect((await t.app.sla.monitor.check())?.delayNotices).toEqual([]);
    // Policy: tier C is promised a reply within 15 minutes.
    advanceTo(16);
    const pass = await t.app.sla.monitor.check();
    expect(pass).toEqual({ breaches: [], delayNotices: [conversationId] });
    const notices = (await customer.history()).messages.filter((m) => /we said a colleague would reply within 15 minutes/.test(m.text));
    expect(notices).toHaveLength(1);
    // The first-reply target is 14 minutes off: the estimate rounds it up to 15.
    expect(notices[0]!.text).toMatch(/number 1 in the queue, and we now expect a reply within about 15 minutes/);

    advanceTo(20);
    expect((await t.app.sla.monitor.check())?.delayNotices).toEqual([]);
    const again = (await customer.history()).messages.filter((m) => /we said a colleague would reply/.test(m.text));
    expect(again).toHaveLength(1);
  });

  it('does not apologise again when the customer writes after the notice', async () => {
    const reply = said(await customer.send('hello? is anyone there'));
    expect(reply).not.toMatch(/longer than we promised|sorry/i);
    expect(reply).toMatch(/estimate I just gave you still stands/);
  });

  it('turns amber at 75 % of the target', async () => {
    advanceTo(23);
    expect((await listed('queued')).sla).toMatchObject({ state: 'amber', secondsLeft: 7 * 60 });
  });

  it('marks the breach once and alerts the consoles, the webhook receivers and the counter', async () => {
    advanceTo(31);
    expect((await listed('queued')).sla).toMatchObject({ state: 'red', secondsLeft: -60 });
    const pass = await t.app.sla.monitor.check();
    expect(pass?.breaches).toEqual([{ conversationId, kind: 'first_reply' }]);
    expect((await t.app.sla.monitor.check())?.breaches).toEqual([]);

    const live = await consoleStream.waitFor((e) => e.event === 'sla');
    expect(live.data).toMatchObject({ type: 'breached', conversationId, kind: 'first_reply', tier: 'C', status: 'queued', targetMinutes: 30 });

    const [delivery] = await receiver.waitFor('/sla');
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,/);
    const payload = JSON.parse(delivery!.body) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'conversation.sla_breached', data: { conversationId, kind: 'first_reply', tier: 'C', status: 'queued', targetMinutes: 30, channel: 'webchat' } });
    expect(payload.data.dueAt).toBe(new Date(queuedAt.getTime() + 30 * MINUTE).toISOString());

    const metrics = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/care_sla_breaches_total\{kind="first_reply",tier="C"\} 1/);
    expect(metrics).toMatch(/care_sla_breaches_total\{kind="resolution",tier="C"\} 0/);

    const [row] = await t.app.database.sql.query<{ slaFirstReplyBreachedAt: unknown; delayNoticeAt: unknown }>('SELECT "slaFirstReplyBreachedAt", "delayNoticeAt" FROM "Conversation" WHERE "id" = ?', [
      conversationId,
    ]);
    expect(row!.slaFirstReplyBreachedAt).not.toBeNull();
    expect(row!.delayNoticeAt).not.toBeNull();
  });

  it('switches to the resolution timer once a staff member replies', async () => {
    advanceTo(35);
    expect((await agent.post(`/api/staff/conversations/${conversationId}/takeover`)).status).toBe(200);
    // Held but not answered yet: still the first reply, still red.
    expect((await listed('human')).sla).toMatchObject({ kind: 'first_reply', state: 'red' });
    expect((await agent.post(`/api/staff/conversations/${conversationId}/messages`, { text: 'Hello Wen, I am here now.' })).status).toBe(201);
    const item = await listed('human');
    // Tier C: 720 minutes to resolution, from the same handoff.
    expect(item.sla).toMatchObject({ kind: 'resolution', state: 'ok', targetMinutes: 720, secondsLeft: (720 - 35) * 60 });
    const detail = await agent.get<{ conversation: Item }>(`/api/staff/conversations/${conversationId}`);
    expect(detail.body.conversation.sla).toMatchObject({ kind: 'resolution' });
  });

  it('marks the resolution breach once after the staff reply and announces it with kind resolution', async () => {
    // Tier C: 720 staff minutes to resolution, from the handoff.
    advanceTo(719);
    expect((await t.app.sla.monitor.check())?.breaches).toEqual([]);
    advanceTo(721);
    expect((await listed('human')).sla).toMatchObject({ kind: 'resolution', state: 'red', secondsLeft: -60 });
    expect(await t.app.sla.monitor.check()).toEqual({ breaches: [{ conversationId, kind: 'resolution' }], delayNotices: [] });
    advanceTo(800);
    expect((await t.app.sla.monitor.check())?.breaches).toEqual([]);

    const live = await consoleStream.waitFor((e) => e.event === 'sla' && (e.data as { kind?: string }).kind === 'resolution');
    expect(live.data).toMatchObject({ type: 'breached', conversationId, kind: 'resolution', tier: 'C', status: 'human', targetMinutes: 720, assignedStaffId: agent.staff!.id });
    expect(consoleStream.events.filter((e) => e.event === 'sla')).toHaveLength(2);

    const deliveries = await receiver.waitFor('/sla', 2);
    const payloads = deliveries.map((d) => JSON.parse(d.body) as { type: string; data: Record<string, unknown> });
    expect(payloads.map((p) => p.data.kind)).toEqual(['first_reply', 'resolution']);
    expect(payloads[1]).toMatchObject({
      type: 'conversation.sla_breached',
      data: { conversationId, kind: 'resolution', tier: 'C', status: 'human', targetMinutes: 720, staffId: agent.staff!.id, channel: 'webchat' },
    });
    expect(payloads[1]!.data.dueAt).toBe(new Date(queuedAt.getTime() + 720 * MINUTE).toISOString());

    const metrics = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/care_sla_breaches_total\{kind="resolution",tier="C"\} 1/);
    expect(metrics).toMatch(/care_sla_breaches_total\{kind="first_reply",tier="C"\} 1/);
    const [row] = await t.app.database.sql.query<{ slaResolutionBreachedAt: unknown }>('SELECT "slaResolutionBreachedAt" FROM "Conversation" WHERE "id" = ?', [conversationId]);
    expect(row!.slaResolutionBreachedAt).not.toBeNull();
  });

  it('shows no timer once the conversation is closed', async () => {
    expect((await agent.post(`/api/staff/conversations/${conversationId}/close`)).status).toBe(200);
    expect((await listed('closed')).sla).toBeNull();
    expect((await t.app.sla.monitor.check())?.breaches).toEqual([]);
  });
});
