// Issue 16, approvals: an agent's refund or voucher above the cap of the customer's tier becomes a
// request supervisors see live and approve or refuse (audited); the customer is told honestly, in
// their language, while it waits and once it is decided. Approving records the commitment as a
// supervisor's own would be (its revisit waiting for it); two supervisors deciding at once: one
// wins. Erasing the customer anonymises the requests. On both stores, over real HTTP and Redis.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountCapFor } from '../../src/domain/amount-cap.ts';
import { formatDateTime, formatMoney } from '../../src/domain/phrasebook.ts';
import { SseReader, type SseEvent } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';
import { PrismaApprovalStore } from '../../src/store/approval-store.ts';
import { startTelegramEmulator, telegramEnv } from '../support/telegram-emulator.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'approvals-admin@care.test', password: 'copper heron listens twice' };
const HOUR = 3_600_000;

interface ApprovalBody {
  id: string;
  caseId: string;
  status: string;
  kind: string;
  amountCents: number;
  capCents: number | null;
  requestedBy: { id: string };
  decidedBy: { id: string } | null;
  decisionNote: string | null;
  commitmentId: string | null;
}
interface ApprovalEvent {
  type: string;
  approval: ApprovalBody;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('approvals on %s', (store) => {
  let t: TestApp;
  let now = new Date();
  let admin: StaffClient;
  let agent: StaffClient;
  let otherAgent: StaffClient;
  let supervisor: StaffClient;
  let otherSupervisor: StaffClient;
  let supervisorStream: SseReader;
  let agentStream: SseReader;
  let otherAgentStream: SseReader;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({
      store,
      clock: () => now,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // The webhook deliveries go out from this process.
        JOBS_IN_PROCESS: 'true',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        SLA_CHECK_INTERVAL_MS: '0',
        CRISIS_DETECT_INTERVAL_MS: '0',
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Agnes');
    otherAgent = await admin.createStaff('agent', 'Otto');
    supervisor = await admin.createStaff('supervisor', 'Suki');
    otherSupervisor = await admin.createStaff('supervisor', 'Sven');
    expect((await admin.post('/api/staff/webhooks', { url: receiver.url('/approvals'), events: ['approval.decided', 'commitment.recorded'] })).status).toBe(201);
    const stream = (staff: StaffClient) => SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: staff.cookie, ready: 'ready' });
    [supervisorStream, agentStream, otherAgentStream] = await Promise.all([stream(supervisor), stream(agent), stream(otherAgent)]);
  });
  afterAll(async () => {
    for (const s of [supervisorStream, agentStream, otherAgentStream]) s?.close();
    await t?.close();
    await receiver?.close();
  });

  /** A tier-C customer's complaint the bot opened: in English a product-quality one, in Chinese a late delivery. */
  async function complaintCase(name: string, locale: 'en' | 'zh' = 'en') {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale });
    await customer.send(locale === 'en' ? 'What I got from order 12345678 stopped working after two days, I am really annoyed' : '快递太慢了，订单 20261101 到现在还没收到，气死我了！');
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const cap = (kind: 'refund' | 'voucher') => amountCapFor(t.app.content.policy, kind, kase.category, 'C')!;
    return { customer, caseId: kase.id, conversationId: kase.conversationId, cap };
  }

  const inTwoDays = () => new Date(now.getTime() + 48 * HOUR);
  const money = (cents: number, language: 'en' | 'zh' = 'en') => formatMoney(cents, t.app.content.policy.currency, language);
  const approvalEvent = (reader: SseReader, type: string, id: string) =>
    reader.waitFor((e: SseEvent) => e.event === 'approval' && (e.data as ApprovalEvent).type === type && (e.data as ApprovalEvent).approval.id === id);
  const systemTexts = async (customer: WebchatCustomer) => (await customer.history()).messages.filter((m) => m.author === 'system').map((m) => m.text);

  async function requestRefund(agentClient: StaffClient, caseId: string, amountCents: number, dueAt = inTwoDays()) {
    const response = await agentClient.post<{ approval: ApprovalBody; delivered: boolean }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'refund',
      description: 'Refund of the broken kettle',
      dueAt: dueAt.toISOString(),
      amountCents,
    });
    expect(response.status).toBe(202);
    return response.body.approval;
  }

  it('turns an agent’s refund above the cap into a request supervisors see at once, and tells the customer it waits', async () => {
    const { customer, caseId, cap } = await complaintCase('Wendy Waits');
    const customerStream = await SseReader.open(await customer.eventsUrl());
    const amount = cap('refund') + 5_000;
    const response = await agent.post<{ approval: ApprovalBody; delivered: boolean }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'refund',
      description: 'Full refund',
      dueAt: inTwoDays().toISOString(),
      amountCents: amount,
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      delivered: true,
      approval: { caseId, status: 'pending', kind: 'refund', amountCents: amount, capCents: cap('refund'), requestedBy: { id: agent.staff!.id }, decidedBy: null, commitmentId: null },
    });
    const { id } = response.body.approval;

    const { db } = t.app.database;
    expect(await db.commitment.count({ where: { caseId } })).toBe(0);
    expect(await db.approval.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'pending', customerId: customer.customerId, description: 'Full refund' });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'approval.requested', entityId: caseId } });
    expect(audit.actorId).toBe(agent.staff!.id);
    expect(JSON.parse(audit.details)).toMatchObject({ approvalId: id, amountCents: amount });

    expect((await approvalEvent(supervisorStream, 'requested', id)).data).toMatchObject({ approval: { id, caseId, status: 'pending', customerName: 'Wendy Waits' } });
    const told = `Your refund of ${money(amount)} needs a supervisor's approval. We will tell you as soon as it is decided.`;
    const live = await customerStream.waitFor((e) => e.event === 'message' && (e.data as { text?: string }).text === told);
    expect(live.data).toMatchObject({ author: 'system' });
    customerStream.close();

    const listed = (staff: StaffClient) => staff.get<{ approvals: ApprovalBody[] }>('/api/staff/approvals').then((r) => r.body.approvals.map((a) => a.id));
    expect(await listed(supervisor)).toContain(id);
    expect(await listed(agent)).toContain(id);
    expect(await listed(otherAgent)).not.toContain(id);

    // One request per case and kind at a time; another kind may wait beside it.
    const again = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Full refund', dueAt: inTwoDays().toISOString(), amountCents: amount });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: expect.stringMatching(/a refund on this case already waits for a supervisor \(requested by Agnes/) } } });
    const voucher = await otherAgent.post<{ approval: ApprovalBody }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'voucher',
      description: 'Big voucher',
      dueAt: inTwoDays().toISOString(),
      amountCents: cap('voucher') + 1,
    });
    expect(voucher.status).toBe(202);
    expect(await db.approval.count({ where: { caseId, status: 'pending' } })).toBe(2);
    // An agent's stream carries their own requests only: Otto's arrives, Agnes's before it never did.
    await approvalEvent(otherAgentStream, 'requested', voucher.body.approval.id);
    expect(otherAgentStream.events.some((e) => e.event === 'approval' && (e.data as ApprovalEvent).approval.id === id)).toBe(false);
  });

  it('records commitments within the cap, and a supervisor’s own above it, at once as before', async () => {
    const { caseId, cap } = await complaintCase('Carl Capped');
    const within = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Refund', dueAt: inTwoDays().toISOString(), amountCents: cap('refund') });
    expect(within.status).toBe(201);
    expect(within.body).toMatchObject({ commitment: { amountCents: cap('refund') }, revisit: { id: expect.any(String) } });
    const above = await supervisor.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'voucher', description: 'Voucher', dueAt: inTwoDays().toISOString(), amountCents: cap('voucher') * 3 });
    expect(above.status).toBe(201);
    expect(await t.app.database.db.approval.count({ where: { caseId } })).toBe(0);
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(2);
  });

  it('documents the approval routes, the live event and the 202 in /docs', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown>; description?: string }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/staff/approvals', '/api/staff/approvals/{id}/approve', '/api/staff/approvals/{id}/refuse']));
    expect(Object.keys(doc.paths['/api/staff/cases/{id}/commitments']!.post!.responses)).toEqual(expect.arrayContaining(['201', '202', '409']));
    expect(doc.paths['/api/staff/events']!.get!.description).toMatch(/`approval` \(\{type: "requested"\|"approved"\|"refused", approval\}/);
  });

  it('on approval records the commitment with its waiting revisit and tells the customer, in Chinese, what was agreed and when', async () => {
    const { customer, caseId, cap } = await complaintCase('李 Approved', 'zh');
    const amount = cap('refund') + 2_000;
    const dueAt = inTwoDays();
    const approval = await requestRefund(agent, caseId, amount, dueAt);
    expect(await systemTexts(customer)).toContain(`您的${money(amount, 'zh')}退款需要主管审批。审批结果一出来，我们会第一时间告诉您。`);

    const decided = await supervisor.post<{ approval: ApprovalBody; commitment: { id: string; amountCents: number }; revisit: { id: string }; delivered: boolean }>(
      `/api/staff/approvals/${approval.id}/approve`,
      { note: 'Loyal customer' },
    );
    expect(decided.status).toBe(200);
    const { commitment, revisit } = decided.body;
    expect(decided.body).toMatchObject({
      delivered: true,
      commitment: { amountCents: amount },
      approval: { status: 'approved', decidedBy: { id: supervisor.staff!.id }, decisionNote: 'Loyal customer', commitmentId: commitment.id },
    });

    const { db } = t.app.database;
    expect(await db.commitment.findUniqueOrThrow({ where: { id: commitment.id } })).toMatchObject({ caseId, kind: 'refund', amountCents: amount, status: 'pending', dueAt });
    expect(await db.followUp.findUniqueOrThrow({ where: { id: revisit.id } })).toMatchObject({ kind: 'revisit', status: 'waiting', commitmentId: commitment.id });
    const actions = (await db.auditLog.findMany({ where: { entityId: caseId, actorId: supervisor.staff!.id } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['case.commitment_recorded', 'approval.approved']));

    const timezone = (await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).timezone;
    const due = formatDateTime(dueAt, 'zh', timezone);
    expect(await systemTexts(customer)).toContain(`好消息：主管已经批准。我们已为您登记：退款${money(amount, 'zh')}，${due}前到账。`);
    expect((await approvalEvent(agentStream, 'approved', approval.id)).data).toMatchObject({ approval: { status: 'approved', commitmentId: commitment.id } });
    // Open consoles refresh the case's commitments as for one recorded directly.
    await supervisorStream.waitFor((e) => e.event === 'case' && (e.data as { caseId?: string; change?: string }).caseId === caseId && (e.data as { change?: string }).change === 'commitment');
    expect((await agent.get<{ approvals: ApprovalBody[] }>('/api/staff/approvals?status=approved')).body.approvals.map((a) => a.id)).toContain(approval.id);

    // Receivers hear of the decision and of the commitment it recorded: ids and amounts, never the texts.
    const payloads = () => receiver.at('/approvals').map((d) => JSON.parse(d.body) as { type: string; data: Record<string, unknown> });
    const decidedHook = await waitFor('the approval.decided webhook', async () => payloads().find((p) => p.type === 'approval.decided' && p.data.approvalId === approval.id), 15_000);
    expect(decidedHook.data).toMatchObject({
      caseId,
      decision: 'approved',
      kind: 'refund',
      amountCents: amount,
      commitmentId: commitment.id,
      requestedById: agent.staff!.id,
      decidedById: supervisor.staff!.id,
    });
    await waitFor('the commitment.recorded webhook', async () => payloads().find((p) => p.type === 'commitment.recorded' && p.data.commitmentId === commitment.id), 15_000);
    expect(JSON.stringify(payloads())).not.toMatch(/Loyal customer|broken kettle/);
  });

  it('on refusal records nothing, keeps the reason, and tells the customer it could not be approved', async () => {
    const { customer, caseId, cap } = await complaintCase('Rita Refused');
    const amount = cap('refund') + 10_000;
    const approval = await requestRefund(agent, caseId, amount);
    const path = `/api/staff/approvals/${approval.id}/refuse`;
    expect(await agent.post(path, { note: 'I refuse my own' })).toMatchObject({ status: 403 });
    expect(await supervisor.post(path, {})).toMatchObject({ status: 400 });
    expect(await supervisor.request('POST', path, { note: 'no' }, { csrf: null })).toMatchObject({ status: 403 });

    const refused = await supervisor.post<{ approval: ApprovalBody; delivered: boolean }>(path, { note: 'Above what the order cost' });
    expect(refused).toMatchObject({
      status: 200,
      body: { delivered: true, approval: { status: 'refused', decisionNote: 'Above what the order cost', decidedBy: { id: supervisor.staff!.id }, commitmentId: null } },
    });
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(0);
    expect(await t.app.database.db.auditLog.count({ where: { action: 'approval.refused', entityId: caseId, actorId: supervisor.staff!.id } })).toBe(1);
    expect(await systemTexts(customer)).toContain(`I'm sorry: your refund of ${money(amount)} could not be approved. A colleague will talk with you about other options.`);
    expect((await approvalEvent(agentStream, 'refused', approval.id)).data).toMatchObject({ approval: { decisionNote: 'Above what the order cost' } });

    const late = await otherSupervisor.post(`/api/staff/approvals/${approval.id}/approve`);
    expect(late).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/no longer pending: it was refused by Suki/) } } });
    // Decided, the case may ask again.
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Smaller', dueAt: inTwoDays().toISOString(), amountCents: amount - 1 })).status).toBe(202);
  });

  it('lets exactly one of two supervisors deciding at once win, and no agent decide', async () => {
    const { caseId, cap } = await complaintCase('Rae Raced');
    const approval = await requestRefund(agent, caseId, cap('refund') + 1);
    expect(await agent.post(`/api/staff/approvals/${approval.id}/approve`)).toMatchObject({ status: 403 });
    expect(await otherAgent.post(`/api/staff/approvals/${approval.id}/approve`)).toMatchObject({ status: 403 });

    const results = await Promise.all([supervisor.post(`/api/staff/approvals/${approval.id}/approve`), otherSupervisor.post(`/api/staff/approvals/${approval.id}/approve`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const { db } = t.app.database;
    expect(await db.commitment.count({ where: { caseId } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: 'approval.approved', entityId: caseId } })).toBe(1);

    // The store alone, both decisions already past the route's check: still only one wins.
    const direct = await requestRefund(agent, caseId, cap('refund') + 3);
    const approvals = new PrismaApprovalStore(db);
    const terms = { caseId, kind: 'refund' as const, description: 'Refund', dueAt: inTwoDays(), amountCents: cap('refund') + 3, currency: 'CNY', revisitAt: inTwoDays() };
    const claims = await Promise.all([approvals.approve(direct.id, { commitment: terms, note: null }, supervisor.staff!.id, now), approvals.refuse(direct.id, 'No', otherSupervisor.staff!.id, now)]);
    expect(claims.filter((c) => c !== null && 'refused' in c)).toHaveLength(1);
    expect(await db.auditLog.count({ where: { action: { in: ['approval.approved', 'approval.refused'] }, details: { contains: direct.id } } })).toBe(1);

    const second = await requestRefund(otherAgent, caseId, cap('refund') + 2);
    const mixed = await Promise.all([supervisor.post(`/api/staff/approvals/${second.id}/approve`), otherSupervisor.post(`/api/staff/approvals/${second.id}/refuse`, { note: 'Too much' })]);
    expect(mixed.map((r) => r.status).sort()).toEqual([200, 409]);
    const row = await db.approval.findUniqueOrThrow({ where: { id: second.id } });
    const approvedRows = await db.approval.count({ where: { caseId, status: 'approved' } });
    expect(row.status === 'approved' || row.status === 'refused').toBe(true);
    expect(await db.commitment.count({ where: { caseId } })).toBe(approvedRows);
    expect(await db.auditLog.count({ where: { action: { in: ['approval.approved', 'approval.refused'] }, entityId: caseId } })).toBe(3);
  });

  it('asks for a new due time when the requested one passed while it waited, and not while the case is closed', async () => {
    const { caseId, cap } = await complaintCase('Paula Past');
    const approval = await requestRefund(agent, caseId, cap('refund') + 1, new Date(now.getTime() + 2 * HOUR));
    const start = now;
    now = new Date(start.getTime() + 3 * HOUR);
    try {
      const path = `/api/staff/approvals/${approval.id}/approve`;
      expect(await supervisor.post(path)).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/passed while the request waited; approve it with a new dueAt/) } } });
      const newDue = new Date(now.getTime() + 24 * HOUR);
      expect((await supervisor.post(`/api/staff/cases/${caseId}/outcome`, { status: 'closed' })).status).toBe(200);
      expect(await supervisor.post(path, { dueAt: newDue.toISOString() })).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/case was closed/) } } });
      expect((await supervisor.post(`/api/staff/cases/${caseId}/outcome`, { status: 'reopened' })).status).toBe(200);
      const approved = await supervisor.post<{ commitment: { dueAt: string } }>(path, { dueAt: newDue.toISOString() });
      expect(approved).toMatchObject({ status: 200, body: { commitment: { dueAt: newDue.toISOString() } } });
    } finally {
      now = start;
    }
  });

  it('anonymises the customer’s requests on erasure, and withdraws the one still waiting', async () => {
    const { customer, caseId, conversationId, cap } = await complaintCase('Erin Erased');
    const decided = await agent.post<{ approval: ApprovalBody }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'refund',
      description: 'Refund to Erin Erased at 5 Elm Road',
      dueAt: inTwoDays().toISOString(),
      amountCents: cap('refund') + 1,
    });
    expect((await supervisor.post(`/api/staff/approvals/${decided.body.approval.id}/approve`, { note: 'Erin is a regular' })).status).toBe(200);
    const waiting = await agent.post<{ approval: ApprovalBody }>(`/api/staff/cases/${caseId}/commitments`, {
      kind: 'voucher',
      description: 'Voucher for Erin Erased',
      dueAt: inTwoDays().toISOString(),
      amountCents: cap('voucher') + 1,
    });
    expect(waiting.status).toBe(202);
    const exported = await supervisor.get(`/api/staff/customers/${customer.customerId}/export`);
    expect(JSON.stringify((exported.body as { approvals: unknown }).approvals)).toContain('Voucher for Erin Erased');

    expect((await admin.post(`/api/staff/customers/${customer.customerId}/erase`)).status).toBe(200);
    const { db } = t.app.database;
    const rows = await db.approval.findMany({ where: { customerId: customer.customerId }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => ({ description: r.description, decisionNote: r.decisionNote, status: r.status }))).toEqual([
      { description: '[erased]', decisionNote: null, status: 'approved' },
      { description: '[erased]', decisionNote: null, status: 'withdrawn' },
    ]);
    expect((await db.commitment.findMany({ where: { customerId: customer.customerId } })).map((c) => c.description)).toEqual(['[erased]']);
    expect(await supervisor.post(`/api/staff/approvals/${waiting.body.approval.id}/approve`)).toMatchObject({ status: 409 });
    const left = JSON.stringify([
      await db.auditLog.findMany({ where: { entityId: { in: [caseId, conversationId, customer.customerId] } } }),
      (await supervisor.get('/api/staff/approvals?status=withdrawn')).body,
    ]);
    expect(left).not.toMatch(/Erin|Elm Road/);
  });
});

describe('an approval request in the Telegram staff chat', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  const staffChat = -1_008_000_000 - Math.floor(Math.random() * 1_000_000);
  let emulator: Awaited<ReturnType<typeof startTelegramEmulator>>;
  let t: TestApp;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    t = await startTestApp({
      env: {
        ...telegramEnv(emulator, token),
        STAFF_TELEGRAM_CHAT_ID: String(staffChat),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SLA_CHECK_INTERVAL_MS: '0',
        CRISIS_DETECT_INTERVAL_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await emulator?.stop();
  });

  it('is posted there in English for a supervisor to decide in the console', async () => {
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    const agent = await admin.createStaff('agent', 'Tia');
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: '王 Telegram', locale: 'zh' });
    await customer.send('快递太慢了，订单 20261101 到现在还没收到，气死我了！');
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const cap = amountCapFor(t.app.content.policy, 'refund', kase.category, 'C')!;
    const requested = await agent.post(`/api/staff/cases/${kase.id}/commitments`, {
      kind: 'refund',
      description: 'Refund',
      dueAt: new Date(Date.now() + 48 * HOUR).toISOString(),
      amountCents: cap + 100,
    });
    expect(requested.status).toBe(202);
    const money = (cents: number) => formatMoney(cents, t.app.content.policy.currency, 'en');
    // The route answers once the post went out.
    const texts = emulator.storage.botMessages.filter((m) => m.botToken === token && String(m.message.chat_id) === String(staffChat)).map((m) => String(m.message.text));
    expect(texts).toContain(`Approval needed: Tia asks to refund ${money(cap + 100)} on case ${kase.id} (cap: ${money(cap)}). A supervisor can approve or refuse it in the console.`);
  });
});
