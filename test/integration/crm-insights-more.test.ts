// GET /api/staff/insights, the figures added after the first version, on SQLite and PostgreSQL:
// the rating asked after a chat (bot and people apart, per agent, per day), the tier and lifecycle
// mix of the customers who wrote, the questions the bot could not answer (asked through the real
// web chat, and only within the message retention window) and days of the time zone asked for
// (timeZone, here New York, whose clocks change on 9 March 2025) instead of UTC days.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../src/store/sql/sql-driver.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'insights-more-boss@care.test', password: 'insights more boss password' };
const ZONE = 'America/New_York';
const RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

interface Ratings {
  responses: number;
  average: number | null;
  satisfiedShare?: number | null;
}
interface Figures {
  range: { from: string; to: string; timeZone: string };
  conversations: { total: number; byDay: { day: string; channel: string; count: number }[] };
  chatCsat: { bot: Ratings; people: Ratings; byAgent: (Ratings & { staffId: string; name: string | null })[]; byDay: { day: string; bot: Ratings; people: Ratings }[] };
  customerMix: { customers: number; byTier: { tier: string; count: number }[]; byLifecycle: { stage: string; count: number }[] };
  knowledgeGaps: { question: string; keywords: string[]; count: number; examples: string[] }[];
  csat: { responses: number };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('more insights on %s', (store) => {
  let t: TestApp;
  let supervisor: StaffClient;
  let ana: StaffClient;
  let ben: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, STAFF_TIMEZONE: ZONE, RETENTION_DAYS_MESSAGES: String(RETENTION_DAYS) } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    ana = await admin.createStaff('agent', 'Ana');
    ben = await admin.createStaff('agent', 'Ben');
    supervisor = await admin.createStaff('supervisor', 'Sid');
  });
  afterAll(async () => t?.close());

  /** The figures in New York's days, as the Insights page of staff there asks for them. */
  const insights = (query: Record<string, string>) => supervisor.get<Figures>(`/api/staff/insights?${new URLSearchParams({ timeZone: ZONE, ...query })}`);

  async function insert(table: string, row: Record<string, SqlValue>): Promise<void> {
    const columns = Object.keys(row);
    await t.app.database.sql.execute(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }

  async function conversation(id: string, o: { channel: string; createdAt: string; tier?: string; stage?: string; customerId?: string }): Promise<void> {
    const createdAt = new Date(o.createdAt);
    const customerId = o.customerId ?? `cu-${id}`;
    if (!o.customerId) await insert('Customer', { id: customerId, name: `Past ${id}`, locale: 'en', tier: o.tier ?? 'C', lifecycleStage: o.stage ?? 'exploration', createdAt, updatedAt: createdAt });
    await insert('ChannelIdentity', { id: `id-${id}`, channel: o.channel, externalId: `past-${id}`, customerId, createdAt });
    await insert('Conversation', { id, customerId, identityId: `id-${id}`, channel: o.channel, locale: 'en', status: 'closed', lastMessageAt: createdAt, createdAt, updatedAt: createdAt });
  }

  let ratings = 0;
  /** A rating as the CSAT-after-chat job leaves it (its rows are written straight here). */
  const rating = (o: { servedBy: 'bot' | 'staff'; staffId?: string; score: number | null; status?: string; channel?: string; language?: string; answeredAt: string | null }) => {
    ratings += 1;
    const askedAt = new Date(new Date(o.answeredAt ?? '2025-03-05T12:00:00Z').getTime() - 60_000);
    return insert('ChatRating', {
      id: `rt-${ratings}`,
      conversationId: `rated-${ratings}`,
      customerId: `rated-customer-${ratings}`,
      channel: o.channel ?? 'webchat',
      servedBy: o.servedBy,
      staffId: o.staffId ?? null,
      status: o.status ?? 'answered',
      score: o.score,
      language: o.language ?? 'en',
      askedAt,
      answeredAt: o.answeredAt ? new Date(o.answeredAt) : null,
    });
  };

  it('counts a day of the zone asked for, and a date alone starts at its midnight there, across a change of the clocks', async () => {
    // New York is UTC−5 until 2025-03-09 07:00Z, then UTC−4.
    await conversation('tz-before', { channel: 'telegram', createdAt: '2025-03-08T04:59:59Z' }); // 7 March, 23:59:59 local: outside
    await conversation('tz-first', { channel: 'telegram', createdAt: '2025-03-08T05:00:00Z' }); // 8 March, 00:00 local
    await conversation('tz-late', { channel: 'telegram', createdAt: '2025-03-09T03:30:00Z' }); // 8 March, 22:30 local (a UTC day would say the 9th)
    await conversation('tz-dst', { channel: 'webchat', createdAt: '2025-03-10T03:59:00Z' }); // 9 March, 23:59 local, after the change
    await conversation('tz-next', { channel: 'webchat', createdAt: '2025-03-10T04:00:00Z' }); // 10 March, 00:00 local: outside

    const { status, body } = await insights({ from: '2025-03-08', to: '2025-03-10' });
    expect(status).toBe(200);
    expect(body.range).toEqual({ from: '2025-03-08T05:00:00.000Z', to: '2025-03-10T04:00:00.000Z', timeZone: ZONE });
    expect(body.conversations).toEqual({
      total: 3,
      byDay: [
        { day: '2025-03-08', channel: 'telegram', count: 2 },
        { day: '2025-03-08', channel: 'webchat', count: 0 },
        { day: '2025-03-09', channel: 'telegram', count: 0 },
        { day: '2025-03-09', channel: 'webchat', count: 1 },
      ],
    });
    // A date-time keeps its own offset.
    expect((await insights({ from: '2025-03-09T03:00:00Z', to: '2025-03-09T04:00:00Z' })).body.conversations).toEqual({ total: 1, byDay: [{ day: '2025-03-08', channel: 'telegram', count: 1 }] });
  });

  it('counts the rating after a chat for the bot and people apart, per agent and per day, with the filters', async () => {
    const anaId = ana.staff!.id;
    const benId = ben.staff!.id;
    // 3 June 2025 (New York, UTC−4): the bot 5 and 2; Ana 5, 4, 3; Ben 1; Telegram: the bot 4, in Chinese.
    await rating({ servedBy: 'bot', score: 5, answeredAt: '2025-06-03T04:00:00Z' });
    await rating({ servedBy: 'bot', score: 2, answeredAt: '2025-06-03T12:00:00Z' });
    await rating({ servedBy: 'staff', staffId: anaId, score: 5, answeredAt: '2025-06-03T13:00:00Z' });
    await rating({ servedBy: 'staff', staffId: anaId, score: 4, answeredAt: '2025-06-04T03:59:00Z' });
    await rating({ servedBy: 'staff', staffId: anaId, score: 3, answeredAt: '2025-06-04T05:00:00Z' });
    await rating({ servedBy: 'staff', staffId: benId, score: 1, answeredAt: '2025-06-04T06:00:00Z' });
    await rating({ servedBy: 'bot', score: 4, channel: 'telegram', language: 'zh', answeredAt: '2025-06-04T07:00:00Z' });
    // Never counted: asked but not answered, expired, and answered before the range (2 June, 23:59 local).
    await rating({ servedBy: 'staff', staffId: anaId, score: null, status: 'asked', answeredAt: null });
    await rating({ servedBy: 'bot', score: null, status: 'expired', answeredAt: null });
    await rating({ servedBy: 'bot', score: 1, answeredAt: '2025-06-03T03:59:00Z' });

    const { body } = await insights({ from: '2025-06-03', to: '2025-06-05' });
    expect(body.chatCsat).toEqual({
      bot: { responses: 3, average: 3.6667, satisfiedShare: 0.6667 },
      people: { responses: 4, average: 3.25, satisfiedShare: 0.5 },
      byAgent: [
        { staffId: anaId, name: 'Ana', responses: 3, average: 4, satisfiedShare: 0.6667 },
        { staffId: benId, name: 'Ben', responses: 1, average: 1, satisfiedShare: 0 },
      ],
      byDay: [
        { day: '2025-06-03', bot: { responses: 2, average: 3.5 }, people: { responses: 2, average: 4.5 } },
        { day: '2025-06-04', bot: { responses: 1, average: 4 }, people: { responses: 2, average: 2 } },
      ],
    });
    // The revisit survey is a figure of its own, untouched.
    expect(body.csat.responses).toBe(0);

    const telegram = (await insights({ from: '2025-06-03', to: '2025-06-05', channel: 'telegram' })).body.chatCsat;
    expect(telegram).toMatchObject({ bot: { responses: 1, average: 4, satisfiedShare: 1 }, people: { responses: 0, average: null, satisfiedShare: null }, byAgent: [] });
    const english = (await insights({ from: '2025-06-03', to: '2025-06-05', language: 'en' })).body.chatCsat;
    expect(english.bot.responses).toBe(2);
    expect(english.people.responses).toBe(4);
  });

  it('shows the tier and lifecycle mix of the customers who contacted in the range, each counted once', async () => {
    await conversation('mix-a', { channel: 'telegram', createdAt: '2025-07-01T15:00:00Z', tier: 'A', stage: 'stability' });
    await conversation('mix-a2', { channel: 'webchat', createdAt: '2025-07-02T15:00:00Z', customerId: 'cu-mix-a' });
    await conversation('mix-b', { channel: 'webchat', createdAt: '2025-07-01T16:00:00Z', tier: 'B', stage: 'decline' });
    await conversation('mix-c', { channel: 'webchat', createdAt: '2025-07-02T16:00:00Z', tier: 'C', stage: 'exploration' });
    await conversation('mix-out', { channel: 'webchat', createdAt: '2025-07-05T16:00:00Z', tier: 'A', stage: 'formation' });

    expect((await insights({ from: '2025-07-01', to: '2025-07-03' })).body.customerMix).toEqual({
      customers: 3,
      byTier: [
        { tier: 'A', count: 1 },
        { tier: 'B', count: 1 },
        { tier: 'C', count: 1 },
      ],
      byLifecycle: [
        { stage: 'exploration', count: 1 },
        { stage: 'formation', count: 0 },
        { stage: 'stability', count: 1 },
        { stage: 'decline', count: 1 },
      ],
    });
    expect((await insights({ from: '2025-07-01', to: '2025-07-03', channel: 'telegram' })).body.customerMix).toMatchObject({
      customers: 1,
      byTier: [
        { tier: 'A', count: 1 },
        { tier: 'B', count: 0 },
        { tier: 'C', count: 0 },
      ],
    });
    expect((await insights({ from: '2025-01-01', to: '2025-01-03' })).body.customerMix.customers).toBe(0);
  });

  it('groups the questions customers asked that the bot could not answer, most frequent first, with how they wrote them', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const ask = async (text: string, locale: 'zh' | 'en' = 'en') => {
      const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Q', locale });
      return (await customer.send(text)).replies;
    };
    await ask('Are you hiring?');
    await ask('  are you HIRING?');
    await ask('Hiring: are you?');
    await ask('Can you recommend a good restaurant nearby?');
    await ask('你们招聘吗？', 'zh');
    // Answered from the knowledge base: no gap.
    await ask('How long does delivery take?');

    const { body } = await insights({ from, to: new Date(Date.now() + 60_000).toISOString() });
    // Three wordings of one question, the first two the same in lower case: one example of those two (the first in code point order).
    expect(body.knowledgeGaps[0]).toEqual({ question: 'are you hiring?', keywords: [expect.stringMatching(/^hir/)], count: 3, examples: ['Are you hiring?', 'Hiring: are you?'] });
    expect(body.knowledgeGaps.slice(1)).toEqual([
      { question: 'can you recommend a good restaurant nearby?', keywords: expect.arrayContaining(['restaurant']), count: 1, examples: ['Can you recommend a good restaurant nearby?'] },
      { question: '你们招聘吗？', keywords: expect.arrayContaining(['招聘']), count: 1, examples: ['你们招聘吗？'] },
    ]);
    expect(body.knowledgeGaps.some((gap) => /delivery/.test(gap.question))).toBe(false);
    expect((await insights({ from, language: 'zh' })).body.knowledgeGaps.map((gap) => gap.question)).toEqual(['你们招聘吗？']);
    expect((await insights({ from, channel: 'telegram' })).body.knowledgeGaps).toEqual([]);
  });

  it('shows no question from a contact older than the messages are kept, whatever the range', async () => {
    // The retention sweep anonymises messages after RETENTION_DAYS_MESSAGES but not the contact log,
    // whose summary quotes the customer: the gaps read only contacts updated within those days.
    const now = Date.now();
    const unanswered = async (id: string, question: string, daysAgo: number) => {
      const at = new Date(now - daysAgo * DAY_MS);
      await conversation(id, { channel: 'webchat', createdAt: at.toISOString() });
      await insert('Contact', {
        id: `ct-${id}`,
        customerId: `cu-${id}`,
        conversationId: id,
        kind: 'inquiry',
        channel: 'webchat',
        summary: `out of scope: "${question}"`,
        outcome: 'unresolved',
        createdAt: at,
        updatedAt: at,
      });
    };
    await unanswered('gap-old', 'Do you sell gift vouchers for weddings?', RETENTION_DAYS + 5);
    await unanswered('gap-recent', 'Do you sell garden furniture?', RETENTION_DAYS - 5);

    const { status, body } = await insights({ from: new Date(now - 60 * DAY_MS).toISOString(), to: new Date(now + 60_000).toISOString() });
    expect(status).toBe(200);
    const questions = body.knowledgeGaps.flatMap((gap) => [gap.question, ...gap.examples]);
    expect(questions).toContain('do you sell garden furniture?');
    expect(questions.some((text) => /voucher/i.test(text))).toBe(false);
    // Nor for a range wholly before the window.
    expect((await insights({ from: new Date(now - 60 * DAY_MS).toISOString(), to: new Date(now - (RETENTION_DAYS + 1) * DAY_MS).toISOString() })).body.knowledgeGaps).toEqual([]);
  });

  it('describes the new figures in /docs', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, { description?: string }> } }> }> }>>;
    };
    const properties = doc.paths['/api/staff/insights']!.get!.responses!['200']!.content!['application/json']!.schema!.properties!;
    expect(properties.chatCsat!.description).toMatch(/asked right after a chat/);
    expect(properties.customerMix!.description).toMatch(/tier and lifecycle/);
    expect(properties.knowledgeGaps!.description).toMatch(/could not answer.*RETENTION_DAYS_MESSAGES/);
    expect(properties.csat!.description).toMatch(/revisit surveys/);
  });
});
