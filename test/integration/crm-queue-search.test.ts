// The console's conversation list over HTTP: each row's latest message, the caller's unread count
// (from their read marker) and labels; search by name, phone in any spelling, order number (an
// order, or one the bot collected in a case) and message text; filters by channel, language, tier,
// reason, assignee and label; labels replaced (validated, audited, announced to every console) and
// listed with their counts; bad values answered 400 in words.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'queue-boss@care.test', password: 'queue boss password' };

interface Row {
  id: string;
  status: string;
  language: string;
  customer: { id: string; name: string | null; tier: string };
  assignedStaff: { id: string } | null;
  lastMessage: { text: string; author: string; at: string } | null;
  unread: number;
  lastCustomerMessageAt: string | null;
  labels: string[];
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the conversation list’s search, previews and labels on %s', (store) => {
  let t: TestApp;
  let now = new Date('2026-12-07T08:00:00.000Z');
  let admin: StaffClient;
  let agent: StaffClient;
  const ids: Record<string, string> = {};
  const customers: Record<string, WebchatCustomer> = {};

  /** Each step a second later, so messages and read markers never share a millisecond. */
  const tick = () => (now = new Date(now.getTime() + 1000));

  async function escalate(key: string, name: string, locale: 'zh' | 'en', text = 'I want to talk to a person'): Promise<void> {
    tick();
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale });
    expect((await customer.send(text)).conversation.status).toBe('queued');
    customers[key] = customer;
    ids[key] = (await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } })).id;
  }

  async function list(who: StaffClient, query = ''): Promise<Row[]> {
    const response = await who.get<{ conversations: Row[] }>(`/api/staff/conversations${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.conversations;
  }

  async function found(query: string): Promise<string[]> {
    const rows = await list(admin, query);
    return Object.keys(ids).filter((key) => rows.some((r) => r.id === ids[key]));
  }

  beforeAll(async () => {
    t = await startTestApp({ store, clock: () => now, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Quinn');
    await escalate('li', 'Li Lei', 'zh', '我要找人工客服');
    await escalate('ann', 'Ann Archer', 'en', 'I want to talk to a person about 50%_off coupons');
    await escalate('bo', 'Bo Brown', 'en');
    await escalate('cy', 'Cy Case', 'en');
    const db = t.app.database.db;
    // Li's phone on the card in one spelling; Bo's order on file; Cy's order number only in a case the bot opened.
    expect((await admin.patch(`/api/staff/customers/${customers.li!.customerId}`, { phone: '+8613800138000' })).status).toBe(200);
    expect((await admin.patch(`/api/staff/customers/${customers.bo!.customerId}`, { tier: 'A' })).status).toBe(200);
    await db.order.create({ data: { id: randomUUID(), number: 'SO-77001', customerId: customers.bo!.customerId, amountCents: 1000, placedAt: now, source: 'staff' } });
    await db.case.create({
      data: {
        id: randomUUID(),
        customerId: customers.cy!.customerId,
        conversationId: ids.cy!,
        category: 'delivery',
        emotion: 'annoyed',
        facts: JSON.stringify({ orderNumber: 'DD-55502', product: 'kettle' }),
      },
    });
  });
  afterAll(async () => t?.close());

  it('shows each row’s latest message and, per staff member, the customer’s messages they have not read', async () => {
    const rows = await list(agent);
    const ann = rows.find((r) => r.id === ids.ann)!;
    expect(ann.lastMessage).toMatchObject({ author: expect.stringMatching(/^(bot|system)$/), text: expect.any(String) });
    expect(ann.lastMessage!.text.length).toBeLessThanOrEqual(200);
    expect(ann.lastCustomerMessageAt).not.toBeNull();
    expect(ann.unread).toBe(1); // never read: all of the customer's messages
    expect(ann.labels).toEqual([]);

    tick();
    const read = await agent.post<{ read: boolean; opened: boolean }>(`/api/staff/conversations/${ids.ann}/read`);
    expect(read).toMatchObject({ status: 200, body: { read: true, opened: false } });
    expect((await list(agent)).find((r) => r.id === ids.ann)!.unread).toBe(0);

    tick();
    const long = `still waiting${' and waiting'.repeat(30)}`;
    await customers.ann!.send(long);
    const afterRead = (await list(agent)).find((r) => r.id === ids.ann)!;
    expect(afterRead.unread).toBe(1);
    // Someone who never read it counts every message the customer wrote in it.
    expect((await list(admin)).find((r) => r.id === ids.ann)!.unread).toBe(2);
    // The preview is the conversation's latest message (the bot may have answered), cut to 200 characters.
    const latest = await t.app.database.db.message.findFirstOrThrow({ where: { conversationId: ids.ann! }, orderBy: { id: 'desc' } });
    const last = (await list(admin)).find((r) => r.id === ids.ann)!.lastMessage!;
    expect(last).toEqual({ text: latest.text.slice(0, 200), author: latest.author, at: latest.createdAt.toISOString() });
    tick();
    const note = `好${'x'.repeat(260)}`;
    await t.app.database.db.message.create({ data: { conversationId: ids.ann!, direction: 'out', author: 'system', text: note, createdAt: now } });
    expect((await list(admin)).find((r) => r.id === ids.ann)!.lastMessage).toEqual({ text: note.slice(0, 200), author: 'system', at: now.toISOString() });

    expect((await agent.post(`/api/staff/conversations/nope/read`)).status).toBe(404);
    expect((await agent.request('POST', `/api/staff/conversations/${ids.ann}/read`, undefined, { csrf: null })).status).toBe(403);
  });

  it('finds conversations by name, phone in any spelling, order number and message text', async () => {
    expect(await found('?q=lei')).toEqual(['li']);
    expect(await found(`?q=${encodeURIComponent('138 0013 8000')}`)).toEqual(['li']);
    expect(await found(`?q=${encodeURIComponent('+8613800138000')}`)).toEqual(['li']);
    expect(await found('?q=so-77001')).toEqual(['bo']);
    expect(await found('?q=DD-55502')).toEqual(['cy']);
    expect(await found(`?q=${encodeURIComponent('人工客服')}`)).toEqual(['li']);
    expect(await found('?q=COUPONS')).toEqual(['ann']);
    // LIKE's wildcards match themselves.
    expect(await found(`?q=${encodeURIComponent('50%_off')}`)).toEqual(['ann']);
    expect(await found(`?q=${encodeURIComponent('%')}`)).toEqual(['ann']);
    expect(await found('?q=nothing-like-this')).toEqual([]);
  });

  it('filters by channel, language, tier, reason, assignee and label, combined with AND', async () => {
    expect(await found('?language=zh')).toEqual(['li']);
    expect(await found('?tier=A')).toEqual(['bo']);
    expect(await found('?channel=webchat&tier=A')).toEqual(['bo']);
    expect(await found('?channel=telegram')).toEqual([]);
    const reason = (await t.app.database.db.conversation.findUniqueOrThrow({ where: { id: ids.li! } })).queueReason!;
    expect(await found(`?reason=${reason}&language=zh`)).toEqual(['li']);

    expect((await admin.post(`/api/staff/conversations/${ids.cy}/assign`, { staffId: agent.staff!.id })).status).toBe(200);
    expect((await list(agent, '?assignee=me')).map((r) => r.id)).toEqual([ids.cy]);
    expect(await found(`?assignee=${agent.staff!.id}`)).toEqual(['cy']);
    expect(await found('?assignee=none')).toEqual(['li', 'ann', 'bo']);
    expect(await found('?status=closed')).toEqual([]);
  });

  it('replaces the labels, audits it, tells every console, and filters and counts by them', async () => {
    const stream = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: admin.cookie, ready: 'ready' });
    try {
      const put = await agent.request<{ labels: string[] }>('PUT', `/api/staff/conversations/${ids.bo}/labels`, { labels: [' VIP ', '退款', 'vip', 'call back'] });
      expect(put).toMatchObject({ status: 200, body: { labels: ['call back', 'vip', '退款'] } });
      const event = await stream.waitFor((e) => e.event === 'queue' && (e.data as { conversationId: string }).conversationId === ids.bo);
      expect(event.data).toMatchObject({ status: 'queued', escalated: false });
    } finally {
      stream.close();
    }
    expect((await agent.request('PUT', `/api/staff/conversations/${ids.li}/labels`, { labels: ['vip'] })).status).toBe(200);
    expect((await list(agent)).find((r) => r.id === ids.bo)!.labels).toEqual(['call back', 'vip', '退款']);
    const detail = await agent.get<{ labels: string[] }>(`/api/staff/conversations/${ids.bo}`);
    expect(detail.body.labels).toEqual(['call back', 'vip', '退款']);
    expect((await agent.get<{ labels: string[] }>(`/api/staff/conversations/${ids.cy}`)).body.labels).toEqual([]);
    expect(await found('?label=VIP')).toEqual(['li', 'bo']);
    expect(await found(`?label=${encodeURIComponent('退款')}&tier=A`)).toEqual(['bo']);

    const inUse = await agent.get<{ labels: { label: string; count: number }[] }>('/api/staff/labels');
    expect(inUse.body.labels).toEqual([
      { label: 'vip', count: 2 },
      { label: 'call back', count: 1 },
      { label: '退款', count: 1 },
    ]);

    const replaced = await agent.request<{ labels: string[] }>('PUT', `/api/staff/conversations/${ids.bo}/labels`, { labels: ['vip'] });
    expect(replaced.body.labels).toEqual(['vip']);
    const audits = await t.app.database.db.auditLog.findMany({ where: { entityId: ids.bo!, action: 'conversation.labelled' }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => [a.actorId, JSON.parse(a.details)])).toEqual([
      [agent.staff!.id, { from: [], to: ['call back', 'vip', '退款'] }],
      [agent.staff!.id, { from: ['call back', 'vip', '退款'], to: ['vip'] }],
    ]);
  });

  it('documents the rows’ new fields, the search and filters and the new routes at /docs', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const list = JSON.stringify(doc.paths['/api/staff/conversations']);
    for (const word of ['lastMessage', 'unread', 'labels', 'lastCustomerMessageAt', '"q"', '"channel"', '"language"', '"tier"', '"reason"', '"assignee"', '"label"']) expect(list).toContain(word);
    expect(doc.paths['/api/staff/conversations/{id}/labels']).toHaveProperty('put');
    expect(doc.paths['/api/staff/conversations/{id}/read']).toHaveProperty('post');
    expect(doc.paths['/api/staff/labels']).toHaveProperty('get');
  });

  it('answers bad labels and filters with 400 saying what is wrong; unknown conversations 404; writes need the CSRF token', async () => {
    const put = (labels: unknown, id = ids.bo) => agent.request<{ error: { code: string; message: string } }>('PUT', `/api/staff/conversations/${id}/labels`, { labels });
    expect(await put(['a;b'])).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/letters, digits/) } } });
    expect(await put(['x'.repeat(33)])).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/at most 32/) } } });
    expect(await put(['  '])).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/empty/) } } });
    expect(await put(Array.from({ length: 11 }, (_, i) => `l${i}`))).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/at most 10/) } } });
    expect((await put(['ok'], 'no-such-conversation')).status).toBe(404);
    expect((await agent.request('PUT', `/api/staff/conversations/${ids.bo}/labels`, { labels: [] }, { csrf: null })).status).toBe(403);

    for (const query of ['?tier=D', '?language=fr', '?channel=fax', '?status=lost', '?reason=DROP%20TABLE', '?label=a%3Bb', '?q=']) {
      const response = await agent.get<{ error: { code: string; message: string } }>(`/api/staff/conversations${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toMatch(/\w/);
    }
  });
});
