// GET /api/staff/insights on SQLite and PostgreSQL: figures of conversations customers really had
// (a complaint walked to a commitment, a handoff a person answered and closed, a question the bot
// answered) and, for exact times and past dates, of rows written straight into the store; the
// filters, the range checks and who may read it. Days are UTC days unless the request names a
// timeZone (here New York across its change of the clocks), whatever STAFF_TIMEZONE says.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../src/store/sql/sql-driver.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'insights-boss@care.test', password: 'insights boss password' };
const MINUTE = 60_000;

interface Figures {
  range: { from: string; to: string; timeZone: string; channel?: string; language?: string };
  conversations: { total: number; byDay: { day: string; channel: string; count: number }[] };
  complaintsByCategory: { category: string; count: number }[];
  complaintsByProduct: { product: string; count: number }[];
  funnel: { cases: number; reached: Record<string, number>; recorded: number; stoppedAt: Record<string, number> };
  escalationsByReason: { reason: string; count: number }[];
  containmentRate: number | null;
  csat: { responses: number; average: number | null; satisfiedShare: number | null; ratioAverage: number | null; bot: { responses: number }; people: { responses: number } };
  firstResponseSeconds: { median: number | null; p90: number | null; count: number };
  resolutionSeconds: { median: number | null; p90: number | null; count: number };
}

/** A past week written straight into the store (the app only writes "now"); see the comments for what each row stands for. */
const PAST = { from: '2025-03-01', to: '2025-03-08' };

describe.each<StoreKind>(['sqlite', 'postgres'])('insights on %s', (store) => {
  let t: TestApp;
  let supervisor: StaffClient;
  let agent: StaffClient;
  let admin: StaffClient;

  beforeAll(async () => {
    // The staff work in New York, yet a request that names no timeZone counts UTC days: the past week's rows read as written.
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, STAFF_TIMEZONE: 'America/New_York' } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Ana');
    supervisor = await admin.createStaff('supervisor', 'Sid');
    await writePastWeek();
  });
  afterAll(async () => t?.close());

  const insights = (query: Record<string, string>, as: StaffClient = supervisor) => as.get<Figures>(`/api/staff/insights?${new URLSearchParams(query)}`);

  async function insert(table: string, row: Record<string, SqlValue>): Promise<void> {
    const columns = Object.keys(row);
    await t.app.database.sql.execute(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }

  async function conversation(id: string, o: { channel: string; locale: string; createdAt: string; queuedAt?: string; closedAt?: string; status?: string }): Promise<void> {
    const createdAt = new Date(o.createdAt);
    await insert('Customer', { id: `cu-${id}`, name: `Past ${id}`, locale: o.locale, createdAt, updatedAt: createdAt });
    await insert('ChannelIdentity', { id: `id-${id}`, channel: o.channel, externalId: `past-${id}`, customerId: `cu-${id}`, createdAt });
    await insert('Conversation', {
      id,
      customerId: `cu-${id}`,
      identityId: `id-${id}`,
      channel: o.channel,
      locale: o.locale,
      status: o.status ?? (o.closedAt ? 'closed' : 'bot'),
      queuedAt: o.queuedAt ? new Date(o.queuedAt) : null,
      closedAt: o.closedAt ? new Date(o.closedAt) : null,
      lastMessageAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    });
    await insert('Message', { conversationId: id, direction: 'in', author: 'customer', text: 'hello', createdAt });
  }
  const audit = (conversationId: string, action: string, at: string, details: Record<string, unknown> = {}) =>
    insert('AuditLog', {
      id: `${action}-${conversationId}-${at}`,
      actorType: 'system',
      action,
      entity: 'Conversation',
      entityId: conversationId,
      details: JSON.stringify(details),
      createdAt: new Date(at),
    });
  const escalation = (conversationId: string, at: string, reason: string) => audit(conversationId, 'conversation.escalated', at, { reason, priority: 70 });
  const staffSays = (conversationId: string, at: string) =>
    insert('Message', { conversationId, direction: 'out', author: 'staff', staffId: 'someone', text: 'Hello, I am here to help', createdAt: new Date(at) });
  const kase = (id: string, conversationId: string, o: { category: string; step: number; maxStep?: number; status: string; product?: string; createdAt: string }) =>
    insert('Case', {
      id,
      customerId: `cu-${conversationId}`,
      conversationId,
      category: o.category,
      emotion: 'annoyed',
      step: o.step,
      maxStep: o.maxStep ?? o.step,
      status: o.status,
      facts: JSON.stringify(o.product ? { product: o.product } : {}),
      createdAt: new Date(o.createdAt),
      updatedAt: new Date(o.createdAt),
    });
  const commitment = (caseId: string, conversationId: string, at: string) =>
    insert('Commitment', {
      id: `cm-${caseId}`,
      caseId,
      customerId: `cu-${conversationId}`,
      kind: 'refund',
      description: 'refund',
      dueAt: new Date(at),
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
  const survey = (caseId: string, conversationId: string, o: { score: number; expected: number; at: string }) =>
    insert('Survey', {
      id: `sv-${caseId}`,
      caseId,
      customerId: `cu-${conversationId}`,
      score: o.score,
      expected: `${o.expected}/5`,
      perceived: `${o.score}/5`,
      ratio: o.score / o.expected,
      satisfied: o.score >= 4,
      createdAt: new Date(o.at),
    });

  async function writePastWeek(): Promise<void> {
    // Just outside the range on both ends: `from` is inclusive, `to` exclusive.
    await conversation('p0', { channel: 'telegram', locale: 'en', createdAt: '2025-02-28T23:59:59.999Z' });
    await conversation('p7', { channel: 'telegram', locale: 'en', createdAt: '2025-03-08T00:00:00.000Z' });
    // Escalated (angry), answered after 2 minutes, closed an hour after it started.
    await conversation('p1', { channel: 'telegram', locale: 'zh', createdAt: '2025-03-01T10:00:00Z', queuedAt: '2025-03-01T10:05:00Z', closedAt: '2025-03-01T11:00:00Z' });
    await escalation('p1', '2025-03-01T10:05:00Z', 'angry');
    await staffSays('p1', '2025-03-01T10:07:00Z');
    await staffSays('p1', '2025-03-01T10:09:00Z');
    // Escalated (safety), answered after 10 minutes, closed after 30; a hand-back had cleared queuedAt.
    await conversation('p2', { channel: 'telegram', locale: 'en', createdAt: '2025-03-02T09:00:00Z', closedAt: '2025-03-02T09:30:00Z' });
    await escalation('p2', '2025-03-02T09:01:00Z', 'safety');
    await staffSays('p2', '2025-03-02T09:11:00Z');
    // Queued by a follow-up task (no escalation entry), answered after 30 minutes, still open.
    await conversation('p3', { channel: 'botframework', locale: 'en', createdAt: '2025-03-03T12:00:00Z', queuedAt: '2025-03-03T12:10:00Z', status: 'human' });
    await staffSays('p3', '2025-03-03T12:40:00Z');
    // The bot alone, a second before midnight UTC.
    await conversation('p4', { channel: 'botframework', locale: 'zh', createdAt: '2025-03-03T23:59:59Z' });
    // Taken over by a person without any queue, then handed back: a person, but no wait to measure.
    await conversation('p8', { channel: 'telegram', locale: 'en', createdAt: '2025-03-04T10:00:00Z' });
    await audit('p8', 'conversation.taken_over', '2025-03-04T10:00:30Z');
    await staffSays('p8', '2025-03-04T10:01:00Z');
    // Escalated (angry), nobody has answered yet.
    await conversation('p5', { channel: 'telegram', locale: 'zh', createdAt: '2025-03-05T08:00:00Z', queuedAt: '2025-03-05T08:00:30Z', status: 'queued' });
    await escalation('p5', '2025-03-05T08:00:30Z', 'angry');
    // The bot alone.
    await conversation('p6', { channel: 'webchat', locale: 'en', createdAt: '2025-03-06T00:00:00Z' });

    await kase('k1', 'p1', { category: 'product_quality', step: 5, status: 'closed', product: 'kettle', createdAt: '2025-03-01T10:01:00Z' });
    await commitment('k1', 'p1', '2025-03-01T10:20:00Z');
    await survey('k1', 'p1', { score: 4, expected: 3, at: '2025-03-03T10:00:00Z' });
    // Went back from step 3 to step 2 (an offer turned down), then escalated: reached 3, stopped at 2.
    await kase('k2', 'p2', { category: 'delivery', step: 2, maxStep: 3, status: 'escalated', product: 'kettle', createdAt: '2025-03-02T09:00:30Z' });
    await kase('k3', 'p5', { category: 'product_quality', step: 4, status: 'escalated', product: 'rice cooker', createdAt: '2025-03-05T08:00:10Z' });
    await kase('k4', 'p4', { category: 'billing', step: 1, status: 'open', createdAt: '2025-03-03T23:59:59Z' });
    await kase('k5', 'p8', { category: 'product_quality', step: 5, status: 'fulfilled', product: 'unknown', createdAt: '2025-03-04T10:00:10Z' });
    await commitment('k5', 'p8', '2025-03-04T10:05:00Z');
    await survey('k5', 'p8', { score: 2, expected: 4, at: '2025-03-07T23:00:00Z' });
    // Out of range: a case and a survey before `from`, on the conversation before it.
    await kase('k0', 'p0', { category: 'other', step: 3, status: 'closed', product: 'kettle', createdAt: '2025-02-28T23:59:59.999Z' });
  }

  it('counts a past week exactly: conversations per day, complaints, the funnel, escalations, containment, CSAT and times', async () => {
    const { status, body } = await insights(PAST);
    expect(status).toBe(200);
    const days = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'];
    const started: Record<string, number> = {
      '2025-03-01 telegram': 1,
      '2025-03-02 telegram': 1,
      '2025-03-03 botframework': 2,
      '2025-03-04 telegram': 1,
      '2025-03-05 telegram': 1,
      '2025-03-06 webchat': 1,
    };
    expect(body).toEqual({
      range: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-08T00:00:00.000Z', timeZone: 'UTC' },
      conversations: {
        total: 7,
        byDay: days.flatMap((day) => ['botframework', 'telegram', 'webchat'].map((channel) => ({ day, channel, count: started[`${day} ${channel}`] ?? 0 }))),
      },
      complaintsByCategory: [
        { category: 'product_quality', count: 3 },
        { category: 'billing', count: 1 },
        { category: 'delivery', count: 1 },
      ],
      complaintsByProduct: [
        { product: 'kettle', count: 2 },
        { product: 'rice cooker', count: 1 },
      ],
      funnel: { cases: 5, reached: { step1: 5, step2: 4, step3: 4, step4: 3, step5: 2 }, recorded: 2, stoppedAt: { step1: 0, step2: 1, step3: 0, step4: 1 } },
      escalationsByReason: [
        { reason: 'angry', count: 2 },
        { reason: 'safety', count: 1 },
      ],
      // p4 and p6 of seven never met a person.
      containmentRate: 0.2857,
      // k1 (p1, queued for a person) and k5 (p8, the bot alone); each on its day, the ratio over time.
      csat: {
        responses: 2,
        average: 3,
        satisfiedShare: 0.5,
        ratioAverage: 0.9167,
        bot: { responses: 1, average: 2, satisfiedShare: 0, ratioAverage: 0.5 },
        people: { responses: 1, average: 4, satisfiedShare: 1, ratioAverage: 1.3333 },
        byDay: days.map((day) =>
          day === '2025-03-03'
            ? { day, responses: 1, average: 4, ratioAverage: 1.3333 }
            : day === '2025-03-07'
              ? { day, responses: 1, average: 2, ratioAverage: 0.5 }
              : { day, responses: 0, average: null, ratioAverage: null },
        ),
      },
      // 120 s, 600 s, 1800 s: the median is the middle one; p90 sits at rank 1.8, 80 % of the way from 600 to 1800.
      firstResponseSeconds: { median: 600, p90: 1560, count: 3 },
      // 3600 s and 1800 s: p90 at rank 0.9.
      resolutionSeconds: { median: 2700, p90: 3420, count: 2 },
      chatCsat: {
        bot: { responses: 0, average: null, satisfiedShare: null },
        people: { responses: 0, average: null, satisfiedShare: null },
        byAgent: [],
        byDay: days.map((day) => ({ day, bot: { responses: 0, average: null }, people: { responses: 0, average: null } })),
      },
      // Every card of the seven is new: tier C, exploring.
      customerMix: {
        customers: 7,
        byTier: [
          { tier: 'A', count: 0 },
          { tier: 'B', count: 0 },
          { tier: 'C', count: 7 },
        ],
        byLifecycle: [
          { stage: 'exploration', count: 7 },
          { stage: 'formation', count: 0 },
          { stage: 'stability', count: 0 },
          { stage: 'decline', count: 0 },
        ],
      },
      knowledgeGaps: [],
    });
  });

  it('filters by channel, by language and by a range given as date-times with an offset', async () => {
    const telegram = (await insights({ ...PAST, channel: 'telegram' })).body;
    expect(telegram.range).toEqual({ from: '2025-03-01T00:00:00.000Z', to: '2025-03-08T00:00:00.000Z', timeZone: 'UTC', channel: 'telegram' });
    expect(telegram.conversations.total).toBe(4);
    expect(telegram.conversations.byDay.map((d) => d.channel)).toEqual(Array(7).fill('telegram'));
    expect(telegram.containmentRate).toBe(0);
    expect(telegram.funnel).toMatchObject({ cases: 4, recorded: 2 });
    expect(telegram.escalationsByReason).toEqual([
      { reason: 'angry', count: 2 },
      { reason: 'safety', count: 1 },
    ]);
    expect(telegram.firstResponseSeconds).toEqual({ median: 360, p90: 552, count: 2 });
    expect(telegram.csat.responses).toBe(2);

    const zh = (await insights({ ...PAST, language: 'zh' })).body;
    expect(zh.conversations.total).toBe(3);
    expect(zh.containmentRate).toBe(0.3333);
    expect(zh.escalationsByReason).toEqual([{ reason: 'angry', count: 2 }]);
    expect(zh.complaintsByCategory).toEqual([
      { category: 'product_quality', count: 2 },
      { category: 'billing', count: 1 },
    ]);
    expect(zh.csat).toMatchObject({ responses: 1, average: 4, satisfiedShare: 1, ratioAverage: 1.3333, people: { responses: 1 }, bot: { responses: 0 } });

    const oneDay = (await insights({ from: '2025-03-03T08:00:00+08:00', to: '2025-03-04T00:00:00Z' })).body;
    expect(oneDay.conversations).toEqual({ total: 2, byDay: [{ day: '2025-03-03', channel: 'botframework', count: 2 }] });
    expect(oneDay.funnel.cases).toBe(1);
    expect(oneDay.escalationsByReason).toEqual([]);
    expect(oneDay.firstResponseSeconds).toEqual({ median: 1800, p90: 1800, count: 1 });

    const none = (await insights({ ...PAST, channel: 'botframework', language: 'zh', from: '2025-03-05' })).body;
    expect(none.conversations).toEqual({ total: 0, byDay: ['2025-03-05', '2025-03-06', '2025-03-07'].map((day) => ({ day, channel: 'botframework', count: 0 })) });
    expect(none).toMatchObject({
      containmentRate: null,
      csat: { responses: 0, average: null, satisfiedShare: null, ratioAverage: null },
      firstResponseSeconds: { median: null, p90: null, count: 0 },
      funnel: { cases: 0, reached: { step1: 0, step5: 0 }, recorded: 0 },
    });
  });

  it('counts what customers and staff really did: a complaint to a commitment, a handoff answered and closed, a question', async () => {
    const from = new Date(Date.now() - 1000);
    const alice = await new WebchatCustomer(t.baseUrl).start({ name: 'Alice', locale: 'en' });
    await alice.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
    await alice.send('It is the PowerBlend 600 blender');
    await alice.send('A replacement');
    const options = await alice.send("Yes, that's right");
    await alice.send(options.replies.at(-1)!.choices![0]!);
    expect((await alice.send('Yes, agreed')).conversation).toMatchObject({ status: 'bot' });

    const bo = await new WebchatCustomer(t.baseUrl).start({ name: '波', locale: 'zh' });
    expect((await bo.send('我要转人工')).conversation.status).toBe('queued');
    const db = t.app.database.db;
    const boConversation = await db.conversation.findFirstOrThrow({ where: { customerId: bo.customerId } });
    expect((await agent.post(`/api/staff/conversations/${boConversation.id}/takeover`)).status).toBe(200);
    expect((await agent.post(`/api/staff/conversations/${boConversation.id}/messages`, { text: '您好，我来帮您。' })).status).toBe(201);
    expect((await agent.post(`/api/staff/conversations/${boConversation.id}/close`)).status).toBe(200);

    const cy = await new WebchatCustomer(t.baseUrl).start({ name: 'Cy', locale: 'en' });
    expect((await cy.send('Hello, what are your opening hours?')).status).toBe(200);

    const { body } = await insights({ from: from.toISOString(), to: new Date(Date.now() + MINUTE).toISOString() });
    const escalated = await db.auditLog.findFirstOrThrow({ where: { entityId: boConversation.id, action: 'conversation.escalated' } });
    const reply = await db.message.findFirstOrThrow({ where: { conversationId: boConversation.id, author: 'staff' } });
    const closed = await db.conversation.findUniqueOrThrow({ where: { id: boConversation.id } });
    const seconds = (ms: number) => Math.round(ms) / 1000;
    expect(body.conversations.total).toBe(3);
    expect(body.conversations.byDay.filter((d) => d.count > 0).every((d) => d.channel === 'webchat')).toBe(true);
    expect(body).toMatchObject({
      complaintsByCategory: [{ category: 'product_quality', count: 1 }],
      complaintsByProduct: [{ product: 'PowerBlend 600 blender', count: 1 }],
      funnel: { cases: 1, reached: { step1: 1, step2: 1, step3: 1, step4: 1, step5: 1 }, recorded: 1, stoppedAt: { step1: 0, step2: 0, step3: 0, step4: 0 } },
      escalationsByReason: [{ reason: 'asked_for_person', count: 1 }],
      containmentRate: 0.6667,
      csat: { responses: 0, average: null },
      firstResponseSeconds: { count: 1, median: seconds(reply.createdAt.getTime() - escalated.createdAt.getTime()) },
      resolutionSeconds: { count: 1, median: seconds(closed.closedAt!.getTime() - closed.createdAt.getTime()) },
    });
    expect((await insights({ from: from.toISOString(), language: 'zh' })).body).toMatchObject({ conversations: { total: 1 }, containmentRate: 0, funnel: { cases: 0 } });
    expect((await insights({ from: from.toISOString(), language: 'en' })).body).toMatchObject({ conversations: { total: 2 }, containmentRate: 1, funnel: { cases: 1 } });
    // The default range, the last seven days up to now, holds them too.
    expect((await insights({}, admin)).body.conversations.total).toBe(3);
  });

  it('counts UTC days by default and the days of the timeZone asked for, across a change of the clocks', async () => {
    // New York is UTC−5 until 2025-03-09 07:00Z, then UTC−4. (p7, 8 March 00:00Z, is 7 March in New York.)
    await conversation('ny-before', { channel: 'telegram', locale: 'en', createdAt: '2025-03-08T04:59:59Z' }); // 7 March, 23:59:59 in New York
    await conversation('ny-first', { channel: 'telegram', locale: 'en', createdAt: '2025-03-08T05:00:00Z' }); // 8 March, 00:00 in New York
    await conversation('ny-late', { channel: 'telegram', locale: 'en', createdAt: '2025-03-09T03:30:00Z' }); // 8 March, 22:30 in New York; 9 March in UTC
    await conversation('ny-dst', { channel: 'webchat', locale: 'en', createdAt: '2025-03-10T03:59:00Z' }); // 9 March, 23:59 in New York, after the change
    await conversation('ny-next', { channel: 'webchat', locale: 'en', createdAt: '2025-03-10T04:00:00Z' }); // 10 March, 00:00 in New York

    const utc = await insights({ from: '2025-03-08', to: '2025-03-10' });
    expect(utc.status).toBe(200);
    expect(utc.body.range).toEqual({ from: '2025-03-08T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z', timeZone: 'UTC' });
    expect(utc.body.conversations).toEqual({
      total: 4,
      byDay: [
        { day: '2025-03-08', channel: 'telegram', count: 3 },
        { day: '2025-03-09', channel: 'telegram', count: 1 },
      ],
    });

    const newYork = await insights({ from: '2025-03-08', to: '2025-03-10', timeZone: 'America/New_York' });
    expect(newYork.status).toBe(200);
    expect(newYork.body.range).toEqual({ from: '2025-03-08T05:00:00.000Z', to: '2025-03-10T04:00:00.000Z', timeZone: 'America/New_York' });
    expect(newYork.body.conversations).toEqual({
      total: 3,
      byDay: [
        { day: '2025-03-08', channel: 'telegram', count: 2 },
        { day: '2025-03-08', channel: 'webchat', count: 0 },
        { day: '2025-03-09', channel: 'telegram', count: 0 },
        { day: '2025-03-09', channel: 'webchat', count: 1 },
      ],
    });
    // A date-time keeps its own offset; its days are still New York's.
    const hour = await insights({ from: '2025-03-09T03:00:00Z', to: '2025-03-09T04:00:00Z', timeZone: 'America/New_York' });
    expect(hour.body.conversations).toEqual({ total: 1, byDay: [{ day: '2025-03-08', channel: 'telegram', count: 1 }] });
    expect((await insights({ from: '2025-03-09T03:00:00Z', to: '2025-03-09T04:00:00Z' })).body.conversations.byDay).toEqual([{ day: '2025-03-09', channel: 'telegram', count: 1 }]);
  });

  it('refuses bad ranges and filters with a readable 400', async () => {
    const bad = async (query: Record<string, string>, message: RegExp) => {
      const response = await insights(query);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(message) } });
    };
    await bad({ from: '2025-03-08', to: '2025-03-01' }, /from \(2025-03-08T00:00:00\.000Z\) must be before to/);
    await bad({ from: '2024-01-01', to: '2025-03-01' }, /spans 425 days; ask for at most 366 days/);
    await bad({ from: 'last week' }, /querystring\.from: use an ISO date/);
    await bad({ to: '2025-03-01T10:00:00' }, /querystring\.to: use an ISO date/);
    await bad({ channel: 'fax' }, /querystring\.channel/);
    await bad({ language: 'fr' }, /querystring\.language/);
    await bad({ day: '2025-03-01' }, /querystring/);
    await bad({ timeZone: 'Mars/Olympus_Mons' }, /querystring\.timeZone: "Mars\/Olympus_Mons" is not an IANA time zone name such as Asia\/Shanghai/);
    await bad({ timeZone: '' }, /querystring\.timeZone/);
  });

  it('is for supervisors and admins: an agent gets 403, nobody signed in 401; /docs describes it', async () => {
    expect((await insights(PAST, agent)).status).toBe(403);
    expect((await insights(PAST, new StaffClient(t.baseUrl))).status).toBe(401);
    expect((await insights(PAST, admin)).status).toBe(200);
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, { description?: string }> } }> }> }>>;
    };
    const route = doc.paths['/api/staff/insights']!.get!;
    expect(route.summary).toMatch(/five-step funnel/);
    const properties = route.responses!['200']!.content!['application/json']!.schema!.properties!;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['conversations', 'funnel', 'containmentRate', 'csat', 'firstResponseSeconds', 'resolutionSeconds']));
    expect(properties.containmentRate!.description).toMatch(/never handed to a person/);
    const parameters = (route as { parameters?: { name: string; in: string; description?: string }[] }).parameters ?? [];
    expect(parameters.find((p) => p.name === 'timeZone')).toMatchObject({ in: 'query', description: expect.stringMatching(/IANA time zone name.*Default UTC/) });
  });
});
