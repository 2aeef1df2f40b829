// Staff taking a web chat conversation over from the bot, end to end over HTTP: the queue, the
// takeover race, the bot's silence, staff messages on the customer's SSE stream and history,
// hand-back, close, profile edits, and the AuditLog behind each of them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'boss@care.test', password: 'boss password 123' };

interface QueueItem {
  id: string;
  status: string;
  queueReason: string | null;
  priority: number;
  waitingSeconds: number | null;
  channel: string;
  language: string;
  customer: { id: string; name: string | null; tier: string };
  assignedStaff: { id: string; name: string } | null;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('staff console conversations on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let ann: StaffClient;
  let bob: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    ann = await admin.createStaff('agent', 'Ann');
    bob = await admin.createStaff('agent', 'Bob');
  });
  afterAll(async () => t?.close());

  async function escalated(name: string, text = 'I want to talk to a person'): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    const sent = await customer.send(text);
    expect(sent.conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    return { customer, conversationId: conversation.id };
  }

  it('lists an escalated web chat customer in the queue with reason, tier and waiting time, most urgent first', async () => {
    const { customer, conversationId } = await escalated('Queue Person');
    const { conversationId: urgentId } = await escalated('Fire Person', 'My heater caught fire and there is smoke!');
    const queue = await ann.get<{ conversations: QueueItem[] }>('/api/staff/conversations?status=queued');
    expect(queue.status).toBe(200);
    const item = queue.body.conversations.find((c) => c.id === conversationId)!;
    expect(item).toMatchObject({
      status: 'queued',
      queueReason: 'asked_for_person',
      channel: 'webchat',
      language: 'en',
      customer: { id: customer.customerId, name: 'Queue Person', tier: 'C' },
      assignedStaff: null,
    });
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(0);
    const ids = queue.body.conversations.map((c) => c.id);
    const urgent = queue.body.conversations.find((c) => c.id === urgentId)!;
    expect(urgent.priority).toBeGreaterThan(item.priority);
    expect(ids.indexOf(urgentId)).toBeLessThan(ids.indexOf(conversationId));

    const detail = await ann.get<{
      transcript: { author: string; text: string }[];
      handoff: { reason: string; summary: string; summaries?: { zh: string; en: string } } | null;
      profile: { id: string };
    }>(`/api/staff/conversations/${conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.profile.id).toBe(customer.customerId);
    expect(detail.body.transcript.map((m) => m.text)).toContain('I want to talk to a person');
    // The bot's handoff summary, in words, in both languages.
    const prose = 'Queue Person (tier C) asked to talk to a person. They sound calm. Last message: “I want to talk to a person”';
    expect(detail.body.handoff).toEqual({ reason: 'asked_for_person', priority: 50, summary: prose, summaries: { en: prose, zh: expect.stringContaining('Queue Person（C级客户）要求转人工。') } });
  });

  it('moves a waiting customer up the queue, live, when what they add while waiting is more urgent; never down, and keeps their place in line', async () => {
    const { conversationId: ahead } = await escalated('Ahead Person');
    const { customer, conversationId } = await escalated('Waiting Person');
    // Ahead in line by priority, as a B-tier customer asking for a person would be.
    await t.app.database.db.conversation.update({ where: { id: ahead }, data: { priority: { increment: 5 } } });
    const before = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const staffEvents = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: ann.cookie, ready: 'ready' });
    try {
      expect((await customer.send('now the charger is smoking and there were sparks')).conversation.status).toBe('queued');
      const status = await staffEvents.waitFor((e) => e.event === 'status' && (e.data as { conversationId: string }).conversationId === conversationId);
      expect(status.data).toMatchObject({ status: 'queued', previousStatus: 'queued', queueReason: 'safety', priority: expect.any(Number) });
      expect((status.data as { priority: number }).priority).toBeGreaterThan(before.priority);
      const queue = await staffEvents.waitFor((e) => e.event === 'queue' && (e.data as { conversationId: string }).conversationId === conversationId);
      // Re-sorted, not a new escalation: no second alert.
      expect(queue.data).toMatchObject({ status: 'queued', escalated: false, queueReason: 'safety' });
    } finally {
      staffEvents.close();
    }
    const list = await ann.get<{ conversations: QueueItem[] }>('/api/staff/conversations?status=queued');
    const ids = list.body.conversations.map((c) => c.id);
    expect(ids.indexOf(conversationId)).toBeLessThan(ids.indexOf(ahead));
    const after = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.queuedAt).toEqual(before.queuedAt);
    const handoff = await ann.get<{ handoff: { reason: string; priority: number } }>(`/api/staff/conversations/${conversationId}`);
    expect(handoff.body.handoff).toMatchObject({ reason: 'safety', priority: after.priority });

    // A calmer message while waiting changes nothing.
    expect((await customer.send('ok, I will wait')).conversation.status).toBe('queued');
    expect(await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ priority: after.priority, queueReason: 'safety' });
  });

  it('takes over: the customer sees a person joined, the bot goes silent, a second taker gets 409 naming the first', async () => {
    const { customer, conversationId } = await escalated('Wang');
    const sse = await SseReader.open(`${t.baseUrl}/api/webchat/events?token=${customer.token}`);
    try {
      const [first, second] = await Promise.all([ann.post(`/api/staff/conversations/${conversationId}/takeover`), bob.post(`/api/staff/conversations/${conversationId}/takeover`)]);
      const [winner, loser, winnerName] = first.status === 200 ? [ann, second, 'Ann'] : [bob, first, 'Bob'];
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      expect(loser.body).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining(winnerName) } });

      const joined = await sse.waitFor((e) => e.event === 'message' && (e.data as { author: string }).author === 'system');
      expect((joined.data as { text: string }).text).toMatch(/has joined/);
      await sse.waitFor((e) => e.event === 'status' && (e.data as { status: string }).status === 'human');

      const quiet = await customer.send('Hello? Anyone there?');
      expect(quiet.status).toBe(200);
      expect(quiet.replies).toEqual([]);
      expect(quiet.conversation.status).toBe('human');
      const history = await customer.history();
      expect(history.messages.map((m) => [m.author, m.text])).toContainEqual(['customer', 'Hello? Anyone there?']);
      expect(history.messages.filter((m) => m.author === 'system').map((m) => m.text)).toEqual([(joined.data as { text: string }).text]);

      const written = await winner.post(`/api/staff/conversations/${conversationId}/messages`, { text: 'Hi Wang, I am looking at your order now.' });
      expect(written).toMatchObject({ status: 201, body: { delivered: true, message: { author: 'staff' } } });
      await sse.waitFor((e) => e.event === 'message' && (e.data as { text: string }).text === 'Hi Wang, I am looking at your order now.');
      expect((await customer.history()).messages.at(-1)).toMatchObject({ author: 'staff', text: 'Hi Wang, I am looking at your order now.' });
      const other = winner === ann ? bob : ann;
      expect((await other.post(`/api/staff/conversations/${conversationId}/messages`, { text: 'me too' })).status).toBe(409);

      const db = t.app.database.db;
      const row = await db.message.findFirstOrThrow({ where: { conversationId, author: 'staff' } });
      expect(row.staffId).toBe(winner.staff!.id);
      expect(await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ status: 'human', assignedStaffId: winner.staff!.id });
      const audit = await db.auditLog.findMany({ where: { entityId: conversationId, actorType: 'staff' }, orderBy: { createdAt: 'asc' } });
      expect(audit.map((a) => [a.action, a.actorId])).toEqual([
        ['conversation.taken_over', winner.staff!.id],
        ['conversation.staff_message', winner.staff!.id],
      ]);
    } finally {
      sse.close();
    }
  });

  it('hands back to the bot, which answers again, and closes', async () => {
    const { customer, conversationId } = await escalated('Li');
    expect((await ann.post(`/api/staff/conversations/${conversationId}/takeover`)).status).toBe(200);
    expect((await bob.post(`/api/staff/conversations/${conversationId}/handback`)).status).toBe(409);
    const back = await ann.post(`/api/staff/conversations/${conversationId}/handback`);
    expect(back).toMatchObject({ status: 200, body: { conversation: { status: 'bot' }, delivered: true } });
    expect((await customer.history()).messages.at(-1)).toMatchObject({ author: 'system', text: expect.stringMatching(/back to the bot/) });
    const answered = await customer.send('What are your opening hours?');
    expect(answered.replies.length).toBeGreaterThan(0);
    expect(answered.conversation.status).toBe('bot');

    const closed = await ann.post(`/api/staff/conversations/${conversationId}/close`);
    expect(closed).toMatchObject({ status: 200, body: { conversation: { status: 'closed' } } });
    expect((await ann.post(`/api/staff/conversations/${conversationId}/takeover`)).status).toBe(409);
    const listed = await ann.get<{ conversations: QueueItem[] }>('/api/staff/conversations?status=closed');
    expect(listed.body.conversations.map((c) => c.id)).toContain(conversationId);
    const actions = await t.app.database.db.auditLog.findMany({ where: { entityId: conversationId, actorType: 'staff' }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['conversation.taken_over', 'conversation.handed_back', 'conversation.closed']);
  });

  it('lets a supervisor hand back a conversation another person holds', async () => {
    const { conversationId } = await escalated('Sun');
    const sue = await admin.createStaff('supervisor', 'Sue');
    expect((await ann.post(`/api/staff/conversations/${conversationId}/takeover`)).status).toBe(200);
    expect((await sue.post(`/api/staff/conversations/${conversationId}/takeover`)).status).toBe(409);
    expect((await sue.post(`/api/staff/conversations/${conversationId}/handback`)).status).toBe(200);
    const row = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row).toMatchObject({ status: 'bot', assignedStaffId: null });
    const entry = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: conversationId, action: 'conversation.handed_back' } });
    expect(entry.actorId).toBe(sue.staff!.id);
    expect(JSON.parse(entry.details)).toMatchObject({ from: 'human', heldBy: ann.staff!.id });
  });

  it('edits the profile card and audits old and new values, shown as the card’s trail; only supervisors change the tier', async () => {
    const { customer, conversationId } = await escalated('Zhao');
    const patched = await ann.patch(`/api/staff/customers/${customer.customerId}`, {
      name: 'Zhao Lei',
      isKey: true,
      birthday: '1990-05-17',
      timezone: 'Europe/Berlin',
      keyAccountManagerId: bob.staff!.id,
    });
    expect(patched).toMatchObject({ status: 200, body: { customer: { name: 'Zhao Lei', tier: 'C', isKey: true, birthday: '1990-05-17', timezone: 'Europe/Berlin' } } });
    // The tier decides the refund cap, so an agent cannot raise it.
    const raised = await ann.patch(`/api/staff/customers/${customer.customerId}`, { tier: 'A' });
    expect(raised.status).toBe(403);
    expect((raised.body as { error: { message: string } }).error.message).toMatch(/supervisor/);
    // The console sends the whole card: the unchanged tier with it is fine.
    expect((await ann.patch(`/api/staff/customers/${customer.customerId}`, { name: 'Zhao Lei', tier: 'C' })).status).toBe(200);
    expect((await admin.patch(`/api/staff/customers/${customer.customerId}`, { tier: 'A' })).status).toBe(200);
    expect((await ann.get(`/api/staff/customers/${customer.customerId}`)).body).toMatchObject({ customer: { tier: 'A', keyAccountManagerId: bob.staff!.id } });
    const entries = await t.app.database.db.auditLog.findMany({
      where: { entity: 'Customer', entityId: customer.customerId, action: { in: ['customer.updated', 'customer.tier_pinned'] } },
      orderBy: { createdAt: 'asc' },
    });
    const byActor = (id: string) => entries.filter((e) => e.actorId === id).map((e) => JSON.parse(e.details) as unknown);
    expect(entries.map((e) => e.action)).toEqual(['customer.updated', 'customer.tier_pinned']);
    expect(byActor(ann.staff!.id)).toEqual([
      {
        name: { from: 'Zhao', to: 'Zhao Lei' },
        isKey: { from: false, to: true },
        birthday: { from: null, to: '1990-05-17' },
        timezone: { from: 'Asia/Shanghai', to: 'Europe/Berlin' },
        keyAccountManagerId: { from: null, to: bob.staff!.id },
      },
    ]);
    // A tier set by hand is pinned, so the nightly recomputation keeps it.
    expect(byActor(admin.staff!.id)).toEqual([{ from: 'C', to: 'A', reason: 'set by hand on the profile card' }]);
    // The console shows the trail with the card, newest first, naming who changed what.
    await bob.patch(`/api/staff/customers/${customer.customerId}`, { phone: '13800138000' });
    const detail = await ann.get<{ profileHistory: { staff: { name: string } | null; changes: Record<string, { from: unknown; to: unknown }>; createdAt: string }[] }>(
      `/api/staff/conversations/${conversationId}`,
    );
    expect(detail.body.profileHistory).toEqual([
      { staff: { id: bob.staff!.id, name: 'Bob' }, changes: { phone: { from: null, to: '+8613800138000' } }, createdAt: expect.any(String) },
      { staff: { id: admin.staff!.id, name: admin.staff!.name }, changes: { tier: { from: 'C', to: 'A' } }, createdAt: expect.any(String) },
      { staff: { id: ann.staff!.id, name: 'Ann' }, changes: expect.objectContaining({ keyAccountManagerId: { from: null, to: bob.staff!.id } }), createdAt: expect.any(String) },
    ]);
    // Every signed-in person may see who the colleagues are, to pick a key account manager or an assignee.
    const colleagues = await ann.get<{ colleagues: { id: string; name: string; role: string; online: boolean }[] }>('/api/staff/colleagues');
    expect(colleagues.status).toBe(200);
    expect(colleagues.body.colleagues).toEqual(expect.arrayContaining([{ id: bob.staff!.id, name: 'Bob', role: 'agent', online: false }]));
    expect(colleagues.body.colleagues.every((c) => Object.keys(c).sort().join() === 'id,name,online,role')).toBe(true);
    expect((await ann.patch(`/api/staff/customers/${customer.customerId}`, { tier: 'Z' })).status).toBe(400);
    expect((await ann.patch(`/api/staff/customers/${customer.customerId}`, { timezone: 'Mars/Olympus' })).status).toBe(400);
    expect((await ann.patch('/api/staff/customers/nobody', { name: 'B' })).status).toBe(404);
  });

  it('shows the staff API in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/staff/login', '/api/staff/conversations/{id}/takeover', '/api/staff/customers/{id}', '/api/staff/users/{id}', '/api/staff/me']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
