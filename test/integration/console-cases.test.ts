// Case work from the console over HTTP: private notes the customer never sees, commitments with
// their revisit and the policy's refund cap, promised callbacks, case outcomes, each audited;
// and what an escalation outside staff hours tells the customer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/domain/phrasebook.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'case-boss@care.test', password: 'case boss password' };

describe.each<StoreKind>(['sqlite', 'postgres'])('console case work on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Ada');
    supervisor = await admin.createStaff('supervisor', 'Sam');
  });
  afterAll(async () => t?.close());

  async function escalated(name: string): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    return { customer, conversationId: conversation.id };
  }

  /** A complaint case on the conversation, as the bot's five steps would have opened it. */
  async function openCase(conversationId: string, category = 'product_quality'): Promise<string> {
    const conversation = await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const id = `case-${conversationId}`;
    await t.app.database.db.case.create({ data: { id, customerId: conversation.customerId, conversationId, category, emotion: 'annoyed', status: 'escalated' } });
    return id;
  }

  it('keeps notes private: shown to staff in the conversation, never in the customer’s chat', async () => {
    const { customer, conversationId } = await escalated('Note Person');
    const added = await agent.post<{ note: { id: string; text: string; staff: { name: string } } }>(`/api/staff/conversations/${conversationId}/notes`, {
      text: 'Customer sounds upset; check order 4411 first.',
    });
    expect(added).toMatchObject({ status: 201, body: { note: { text: 'Customer sounds upset; check order 4411 first.', staff: { name: 'Ada' } } } });
    const detail = await agent.get<{ notes: { text: string }[] }>(`/api/staff/conversations/${conversationId}`);
    expect(detail.body.notes.map((n) => n.text)).toEqual(['Customer sounds upset; check order 4411 first.']);
    const history = await customer.history();
    expect(history.messages.map((m) => m.text).join('\n')).not.toContain('4411');
    expect(await t.app.database.db.message.count({ where: { conversationId, text: { contains: '4411' } } })).toBe(0);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: conversationId, action: 'conversation.note_added', actorId: agent.staff!.id } })).toBe(1);
    expect((await agent.request('POST', `/api/staff/conversations/${conversationId}/notes`, { text: 'x' }, { csrf: null })).status).toBe(403);
    expect((await agent.post(`/api/staff/conversations/${conversationId}/notes`, { text: '   ' })).status).toBe(400);
    expect((await agent.post('/api/staff/conversations/nope/notes', { text: 'x' })).status).toBe(404);
  });

  it('records a commitment with its revisit in one go, and audits it', async () => {
    const { conversationId } = await escalated('Promise Person');
    const caseId = await openCase(conversationId);
    const dueAt = '2030-01-10T10:00:00+08:00';
    const made = await agent.post<{ commitment: { id: string }; revisit: { id: string; dueAt: string } }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'replacement',
      description: 'Send a new kettle',
      dueAt,
    });
    expect(made.status).toBe(201);
    const db = t.app.database.db;
    const commitment = await db.commitment.findUniqueOrThrow({ where: { id: made.body.commitment.id }, include: { followUps: true } });
    expect(commitment).toMatchObject({ caseId, kind: 'replacement', description: 'Send a new kettle', status: 'pending' });
    expect(commitment.dueAt.toISOString()).toBe(new Date(dueAt).toISOString());
    const revisitAt = new Date(new Date(dueAt).getTime() + t.app.content.policy.revisitDelayMinutes * 60_000);
    // The revisit waits until the commitment is fulfilled (then it is due after the revisit delay).
    expect(commitment.followUps).toEqual([expect.objectContaining({ kind: 'revisit', caseId, dueAt: revisitAt, status: 'waiting' })]);
    expect(await db.auditLog.count({ where: { entityId: caseId, action: 'case.commitment_recorded', actorId: agent.staff!.id } })).toBe(1);
    const detail = await agent.get<{ openCases: { id: string; commitments: { id: string }[] }[] }>(`/api/staff/conversations/${conversationId}`);
    expect(detail.body.openCases.find((c) => c.id === caseId)!.commitments.map((c) => c.id)).toEqual([made.body.commitment.id]);
  });

  it('records an agent’s refund above the tier cap only as a request for a supervisor (issue 16); a supervisor may record it', async () => {
    const { conversationId } = await escalated('Refund Person');
    const caseId = await openCase(conversationId);
    const cap = t.app.content.policy.options.product_quality.find((o) => o.kind === 'refund')!.refundCapCents!.C;
    const body = { kind: 'refund', description: 'Full refund', dueAt: '2030-01-10T10:00:00Z', amountCents: cap + 100 };
    const requested = await agent.post(`/api/staff/cases/${caseId}/commitments`, body);
    expect(requested).toMatchObject({ status: 202, body: { approval: { status: 'pending', amountCents: cap + 100, capCents: cap } } });
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(0);
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { ...body, amountCents: cap })).status).toBe(201);
    const allowed = await supervisor.post<{ commitment: { amountCents: number; currency: string } }>(`/api/staff/cases/${caseId}/commitments`, body);
    expect(allowed).toMatchObject({ status: 201, body: { commitment: { amountCents: cap + 100, currency: t.app.content.policy.currency } } });
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'how much?', dueAt: '2030-01-10T10:00:00Z' })).status).toBe(400);
  });

  it('schedules callbacks, each with its own dedupe key, and audits them', async () => {
    const { customer, conversationId } = await escalated('Callback Person');
    const first = await agent.post<{ followUp: { id: string; dedupeKey: string } }>(`/api/staff/conversations/${conversationId}/callbacks`, {
      dueAt: '2030-02-01T09:30:00+08:00',
      note: 'after 9 please',
    });
    const second = await agent.post<{ followUp: { id: string; dedupeKey: string } }>(`/api/staff/conversations/${conversationId}/callbacks`, { dueAt: '2030-02-02T09:30:00+08:00' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.followUp.dedupeKey).not.toBe(second.body.followUp.dedupeKey);
    const stored = await t.app.database.db.followUp.findUniqueOrThrow({ where: { id: first.body.followUp.id } });
    expect(stored).toMatchObject({ customerId: customer.customerId, kind: 'callback', status: 'scheduled', dueAt: new Date('2030-02-01T01:30:00Z') });
    expect(JSON.parse(stored.payload)).toMatchObject({ conversationId, note: 'after 9 please' });
    expect(await t.app.database.db.auditLog.count({ where: { entityId: conversationId, action: 'conversation.callback_scheduled' } })).toBe(2);
    expect((await agent.post(`/api/staff/conversations/${conversationId}/callbacks`, { dueAt: '2000-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('sets the case outcome: agreed with the solution, then closed, then reopened', async () => {
    const { conversationId } = await escalated('Outcome Person');
    const caseId = await openCase(conversationId);
    const agreed = await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'agreed', outcome: 'Replacement by Friday' });
    expect(agreed).toMatchObject({ status: 200, body: { case: { id: caseId, status: 'agreed', agreedSolution: 'Replacement by Friday' } } });
    expect((await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'closed' })).status).toBe(200);
    const closed = await t.app.database.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'apology', description: 'Sorry', dueAt: '2030-01-01T00:00:00Z' })).status).toBe(409);
    expect((await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'reopened' })).body).toMatchObject({ case: { status: 'reopened' } });
    const audits = await t.app.database.db.auditLog.findMany({ where: { entityId: caseId, action: 'case.outcome_set' }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => JSON.parse(a.details).to)).toEqual(['agreed', 'closed', 'reopened']);
    expect((await agent.post(`/api/staff/cases/${caseId}/outcome`, { status: 'lost' })).status).toBe(400);
  });
});

describe('an escalation outside staff hours', () => {
  // Monday 23 Nov 2026, 22:30 in Shanghai: staff (09:00-21:00) are back on Tuesday at 09:00.
  const now = new Date('2026-11-23T14:30:00Z');
  const opening = new Date('2026-11-24T01:00:00Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now, env: { STAFF_HOURS: '09:00-21:00', STAFF_TIMEZONE: 'Asia/Shanghai' } });
  });
  afterAll(async () => t?.close());

  it.each(['en', 'zh'] as const)('tells the %s customer the concrete return time, promises a callback then, and stays queued', async (language) => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Night Owl', locale: language });
    const sent = await customer.send(language === 'zh' ? '我要转人工' : 'I want to talk to a person');
    expect(sent.conversation.status).toBe('queued');
    const time = formatDateTime(opening, language, 'Asia/Shanghai');
    const said = sent.replies.map((r) => r.text).join('\n');
    expect(said).toContain(t.app.content.phrases.say('handoff.after_hours', language, { time }));
    expect(said).not.toContain(t.app.content.phrases.say('handoff.next', language, { minutes: 15 }));
    const db = t.app.database.db;
    const followUps = await db.followUp.findMany({ where: { customerId: customer.customerId } });
    expect(followUps).toEqual([expect.objectContaining({ kind: 'callback', dueAt: opening, status: 'scheduled' })]);
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(conversation).toMatchObject({ status: 'queued', queueReason: 'asked_for_person' });

    const again = await customer.send(language === 'zh' ? '还在吗？' : 'Hello? Anyone there?');
    expect(again.replies.map((r) => r.text)).toEqual([t.app.content.phrases.say('handoff.holding_after_hours', language, { time })]);
    expect(await db.followUp.count({ where: { customerId: customer.customerId } })).toBe(1);
  });
});
