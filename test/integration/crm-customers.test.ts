// Finding customers and the profile card in four parts, over HTTP on both databases: search by
// name (Chinese too), phone written any way or by some of its digits, email, order number and
// external id; filters and stable paging; the card's transactions from orders; stale fields;
// edits with confirmations; the contact log complete with staff replies, takeovers, calls and visits.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'crm-lead@care.test', password: 'crm lead password' };
const DAY_MS = 86_400_000;

interface Reason {
  rule: string;
  zh: string;
  en: string;
}

interface ListItem {
  id: string;
  name: string | null;
  phone: string | null;
  tier: string;
  tags: string[];
  erased: boolean;
}
interface ListBody {
  customers: ListItem[];
  total: number;
}
interface Card {
  id: string;
  name: string | null;
  phone: string | null;
  tier: string;
  purchaseTotalCents: number;
  country: string | null;
  basic: { phones: string[]; emails: string[]; address: string | null; organization: string | null; contactPerson: string | null };
  characteristics: { country: string | null; timezone: string; tags: string[]; preferences: Record<string, unknown>; channels: string[] };
  business: { tier: string; tierReason: Reason | null; needsKeyAccountManager: boolean; keyAccountManager: { name: string } | null; creditNote: string | null; lifecycleReason: Reason | null };
  transactions: {
    orders: number;
    totalCents: number;
    last12MonthsCents: number;
    lastOrder: { number: string; placedAt: string; amountCents: number } | null;
    complaints: number;
    satisfactionAverage: number | null;
    surveys: number;
  };
  fieldConfirmations: Record<string, { at: string; by: string }>;
  staleFields: string[];
}
interface ContactBody {
  contacts: { id: string; kind: string; channel: string; summary: string; outcome: string | null; impressions: string | null; staff: { id: string; name: string } | null; createdAt: string }[];
  total: number;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('customers and their cards on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, clock: () => new Date(Date.now() + clockOffsetMs) });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Ada');
  });
  afterAll(async () => t?.close());

  /** A card as an import or the shop would have left it; a unique word keeps each test's cards apart. */
  async function card(data: {
    name?: string | null;
    phone?: string;
    email?: string;
    tier?: string;
    lifecycleStage?: string;
    loyalty?: string;
    tags?: string[];
    externalId?: string;
    erasedAt?: Date;
    fieldConfirmations?: object;
    address?: string;
  }) {
    const { tags, fieldConfirmations, ...rest } = data;
    return t.app.database.db.customer.create({
      data: { id: randomUUID(), ...rest, ...(tags ? { tags: JSON.stringify(tags) } : {}), ...(fieldConfirmations ? { fieldConfirmations: JSON.stringify(fieldConfirmations) } : {}) },
    });
  }

  const search = (query: Record<string, string>) => agent.get<ListBody>(`/api/staff/customers?${new URLSearchParams(query)}`);
  const idsOf = (body: ListBody) => body.customers.map((c) => c.id).sort();
  /** Eight random digits: phone numbers no other test uses. */
  const digits = () => String(Math.floor(10_000_000 + Math.random() * 89_999_999));

  it('finds a customer by part of the name, any case, Chinese too', async () => {
    const latin = await card({ name: 'Wang Xiaoming' });
    const chinese = await card({ name: '张伟明' });
    expect(idsOf((await search({ q: 'xiaoMING' })).body)).toEqual([latin.id]);
    const found = await search({ q: '伟明' });
    expect(found).toMatchObject({ status: 200, body: { total: 1, customers: [{ id: chinese.id, name: '张伟明' }] } });
  });

  it('finds a phone however it is written, and by its last digits, on the card or among further numbers', async () => {
    const mobile = `138${digits()}`;
    const onCard = await card({ name: 'Phone Card', phone: `+86${mobile}` });
    const spaced = `${mobile.slice(0, 3)} ${mobile.slice(3, 7)}-${mobile.slice(7)}`;
    for (const written of [spaced, `0086 ${mobile}`, `+86 (${mobile.slice(0, 3)}) ${mobile.slice(3)}`]) {
      expect(idsOf((await search({ q: written })).body), written).toEqual([onCard.id]);
    }
    expect(idsOf((await search({ q: mobile.slice(-6) })).body)).toEqual([onCard.id]);
    const further = await card({ name: 'Second Number' });
    const second = `139${digits()}`;
    await t.app.database.db.contactPoint.create({ data: { id: randomUUID(), customerId: further.id, kind: 'phone', value: `+86${second}` } });
    expect(idsOf((await search({ q: `${second.slice(0, 3)}-${second.slice(3)}` })).body)).toEqual([further.id]);
  });

  it('finds an email in any case, an order number and an external id', async () => {
    const token = randomUUID().slice(0, 8);
    const byEmail = await card({ name: 'Mail Person', email: `Li.Na.${token}@Example.COM` });
    expect(idsOf((await search({ q: `li.na.${token}@example.com` })).body)).toEqual([byEmail.id]);
    const further = await card({ name: 'Second Mail' });
    await t.app.database.db.contactPoint.create({ data: { id: randomUUID(), customerId: further.id, kind: 'email', value: `work.${token}@corp.test` } });
    expect(idsOf((await search({ q: `WORK.${token}@corp.test` })).body)).toEqual([further.id]);

    const buyer = await card({ name: 'Order Person' });
    const number = `JD2026${token.toUpperCase()}`;
    await t.app.database.db.order.create({ data: { id: randomUUID(), number, customerId: buyer.id, amountCents: 5900, placedAt: new Date(), source: 'staff' } });
    expect(idsOf((await search({ q: number })).body)).toEqual([buyer.id]);
    expect(idsOf((await search({ q: number.toLowerCase() })).body)).toEqual([buyer.id]);
    expect((await search({ q: number.slice(0, -1) })).body.total).toBe(0); // order numbers match whole

    const external = await card({ name: 'Shop Person', externalId: `EXT-${token}` });
    expect(idsOf((await search({ q: `EXT-${token}` })).body)).toEqual([external.id]);
  });

  it('reads % and _ in a search as themselves', async () => {
    const token = randomUUID().slice(0, 8);
    const percent = await card({ name: `Sale 100% ${token}` });
    await card({ name: `Sale 1000 ${token}` });
    expect(idsOf((await search({ q: `100% ${token}` })).body)).toEqual([percent.id]);
    expect((await search({ q: `Sale 1_0 ${token}` })).body.total).toBe(0);
  });

  it('combines the filters with AND, hides erased cards unless asked', async () => {
    const tag = `vip-${randomUUID().slice(0, 6)}`;
    const match = await card({ name: 'Filter Match', tier: 'A', lifecycleStage: 'stability', loyalty: 'loyal', tags: [tag, 'wholesale'] });
    await card({ name: 'Filter Other Tier', tier: 'B', lifecycleStage: 'stability', loyalty: 'loyal', tags: [tag] });
    await card({ name: 'Filter Other Stage', tier: 'A', lifecycleStage: 'decline', loyalty: 'loyal', tags: [tag] });
    await card({ name: 'Filter No Tag', tier: 'A', lifecycleStage: 'stability', loyalty: 'loyal' });
    const erased = await card({ name: null, tier: 'A', lifecycleStage: 'stability', loyalty: 'loyal', tags: [tag], erasedAt: new Date() });
    expect(idsOf((await search({ tier: 'A', lifecycle: 'stability', loyalty: 'loyal', tag })).body)).toEqual([match.id]);
    expect(idsOf((await search({ tier: 'A', lifecycle: 'stability', loyalty: 'loyal', tag, includeErased: 'true' })).body)).toEqual([match.id, erased.id].sort());
    expect((await search({ tag, q: 'filter match' })).body.customers.map((c) => c.tags)).toEqual([[tag, 'wholesale']]);
    expect((await search({ tier: 'D' })).status).toBe(400);
    expect((await search({ lifecycle: 'retired' })).status).toBe(400);
    expect((await search({ q: '', tier: '' })).status).toBe(200); // empty parameters are no filter
  });

  it('pages in a stable order: ties by name never repeat or skip a card, and the page size is capped', async () => {
    const tag = `tie-${randomUUID().slice(0, 6)}`;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await card({ name: 'Same Name', tags: [tag] }));
    made.push(await card({ name: null, tags: [tag] }));
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { body } = await search({ tag, page: String(page), pageSize: '3' });
      expect(body.total).toBe(8);
      seen.push(...body.customers.map((c) => c.id));
    }
    expect(seen).toHaveLength(8);
    expect([...seen].sort()).toEqual(made.map((c) => c.id).sort());
    expect(seen.at(-1)).toBe(made.at(-1)!.id); // a card without a name comes last
    const again = await search({ tag, page: '2', pageSize: '3' });
    expect(again.body.customers.map((c) => c.id)).toEqual(seen.slice(3, 6));
    for (let i = 0; i < 100; i++) await card({ name: `Many ${i}`, tags: [`${tag}-many`] });
    const capped = await search({ tag: `${tag}-many`, pageSize: '500' });
    expect(capped.body).toMatchObject({ total: 100 });
    expect(capped.body.customers).toHaveLength(100);
    expect((await search({ page: '0' })).status).toBe(400);
    expect((await new StaffClient(t.baseUrl).get('/api/staff/customers')).status).toBe(401);
  });

  it('shows the card in four parts, with transactions from the orders that stand', async () => {
    const web = await new WebchatCustomer(t.baseUrl).start({ name: 'Card Person', locale: 'en' });
    await web.send('hello');
    const db = t.app.database.db;
    const customerId = web.customerId;
    await db.customer.update({
      where: { id: customerId },
      data: { tier: 'A', tierReason: 'top 80% of revenue', lifecycleStage: 'stability', lifecycleReason: 'regular orders', creditNote: 'pays in 30 days' },
    });
    const now = Date.now();
    const order = (number: string, amountCents: number, daysAgo: number, status = 'completed') =>
      db.order.create({ data: { id: randomUUID(), number: `${number}-${customerId}`, customerId, amountCents, status, placedAt: new Date(now - daysAgo * DAY_MS), source: 'import' } });
    await order('A', 10_000, 60);
    await order('B', 5_000, 800);
    await order('C', 99_900, 10, 'cancelled');
    await order('D', 1_000, 5, 'refunded');
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId } });
    const caseId = randomUUID();
    await db.case.create({ data: { id: caseId, customerId, conversationId: conversation.id, category: 'delivery', emotion: 'annoyed', status: 'closed' } });
    await db.survey.create({ data: { id: randomUUID(), caseId, customerId, score: 4, satisfied: true } });
    await db.survey.create({ data: { id: randomUUID(), caseId, customerId, score: 5, satisfied: true } });

    const { status, body } = await agent.get<{ customer: Card }>(`/api/staff/customers/${customerId}`);
    expect(status).toBe(200);
    const c = body.customer;
    // Every field the console read before is still there, where it was.
    expect(c).toMatchObject({ id: customerId, name: 'Card Person', tier: 'A', purchaseTotalCents: 0 });
    expect(c.characteristics.channels).toEqual(['webchat']);
    // Reasons written as plain text (not by the segment rules) read as the rule "text".
    expect(c.business).toMatchObject({
      tier: 'A',
      tierReason: { rule: 'text', en: 'top 80% of revenue', zh: 'top 80% of revenue' },
      lifecycleReason: { rule: 'text', en: 'regular orders' },
      needsKeyAccountManager: true,
      keyAccountManager: null,
      creditNote: 'pays in 30 days',
    });
    expect(c.transactions).toEqual({
      orders: 2,
      totalCents: 15_000,
      last12MonthsCents: 10_000,
      lastOrder: { number: `A-${customerId}`, placedAt: new Date(now - 60 * DAY_MS).toISOString(), amountCents: 10_000, currency: 'CNY', status: 'completed' },
      complaints: 1,
      satisfactionAverage: 4.5,
      surveys: 2,
    });
    await db.customer.update({ where: { id: customerId }, data: { keyAccountManagerId: agent.staff!.id } });
    const managed = await agent.get<{ customer: Card }>(`/api/staff/customers/${customerId}`);
    expect(managed.body.customer.business).toMatchObject({ needsKeyAccountManager: false, keyAccountManager: { name: 'Ada' } });
  });

  it('flags fields confirmed too long ago, or never, for review', async () => {
    const longAgo = new Date(Date.now() - 400 * DAY_MS).toISOString();
    const lately = new Date(Date.now() - 10 * DAY_MS).toISOString();
    const stale = await card({
      name: 'Stale Person',
      phone: `+86139${digits()}`,
      email: 'stale@example.com',
      address: '1 Old Road',
      fieldConfirmations: { phone: { at: longAgo, by: 'import' }, email: { at: lately, by: 'customer' }, name: { at: lately, by: 'customer' } },
    });
    const { body } = await agent.get<{ customer: Card }>(`/api/staff/customers/${stale.id}`);
    expect(body.customer.staleFields.sort()).toEqual(['address', 'phone']);
    expect(body.customer.fieldConfirmations.email).toEqual({ at: lately, by: 'customer' });
  });

  it('edits the new fields, confirms what staff changed, infers country and time zone, and audits it', async () => {
    const person = await card({ name: 'Edit Person', address: 'old address' });
    const path = `/api/staff/customers/${person.id}`;
    const edited = await agent.patch<{ customer: Card }>(path, {
      address: '88 Century Avenue, Shanghai',
      organization: 'Acme Trading',
      contactPerson: 'Ms Zhou',
      tags: ['wholesale', 'wholesale', 'vip'],
      preferences: { delivery: 'mornings' },
      creditNote: 'net 30',
      phone: '+44 20 7946 0958',
      phones: ['(010) 6552 9988', '+44 20 7946 0958'],
      emails: ['Second@Example.COM'],
    });
    expect(edited.status).toBe(200);
    const c = edited.body.customer;
    expect(c.basic).toMatchObject({
      phones: ['+442079460958', '+861065529988'],
      emails: ['second@example.com'],
      address: '88 Century Avenue, Shanghai',
      organization: 'Acme Trading',
      contactPerson: 'Ms Zhou',
    });
    expect(c.characteristics).toMatchObject({ tags: ['wholesale', 'vip'], preferences: { delivery: 'mornings' }, country: 'GB', timezone: 'Europe/London' });
    const by = `staff:${agent.staff!.id}`;
    for (const field of ['address', 'organization', 'contactPerson', 'tags', 'preferences', 'creditNote', 'phone', 'phones', 'emails']) expect(c.fieldConfirmations[field]?.by, field).toBe(by);
    expect(c.fieldConfirmations.country?.by).toBe('inferred');
    expect(c.fieldConfirmations.timezone?.by).toBe('inferred');
    expect(c.staleFields).toEqual(['name']); // set by the import, never confirmed
    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: person.id, action: 'customer.updated' } });
    expect(audit.actorId).toBe(agent.staff!.id);
    expect(JSON.parse(audit.details)).toMatchObject({
      address: { from: 'old address', to: '88 Century Avenue, Shanghai' },
      tags: { from: [], to: ['wholesale', 'vip'] },
      phones: { from: [], to: ['+861065529988'] },
    });

    const confirmed = await agent.patch<{ customer: Card }>(path, { confirmFields: ['name'] });
    expect(confirmed.body.customer.staleFields).toEqual([]);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: person.id, action: 'customer.fields_confirmed' } })).toBe(1);
    // What a person confirmed is not overwritten by a guess from a new number.
    const timezone = await agent.patch<{ customer: Card }>(path, { timezone: 'Asia/Tokyo' });
    expect(timezone.body.customer.fieldConfirmations.timezone?.by).toBe(by);
    const moved = await agent.patch<{ customer: Card }>(path, { phone: '138 0013 8000' });
    expect(moved.body.customer.characteristics).toMatchObject({ country: 'CN', timezone: 'Asia/Tokyo' });

    expect((await agent.patch(path, { country: 'Britain' })).status).toBe(400);
    expect((await agent.patch(path, { phones: ['call me'] })).status).toBe(400);
    expect((await agent.patch(path, { confirmFields: ['tier'] })).status).toBe(400);
    expect((await agent.request('PATCH', path, { address: 'x' }, { csrf: null })).status).toBe(403);
  });

  it('takes a phone and email the customer gives in chat as confirmed by them, and infers the region from the phone', async () => {
    const web = await new WebchatCustomer(t.baseUrl).start({ name: 'Chat Person', locale: 'en' });
    await web.send('Please call me back on +44 20 7946 0123 or write to Chat.Person@example.com');
    const { body } = await agent.get<{ customer: Card }>(`/api/staff/customers/${web.customerId}`);
    expect(body.customer.phone).toBe('+442079460123');
    expect(body.customer.fieldConfirmations.phone?.by).toBe('customer');
    expect(body.customer.fieldConfirmations.email?.by).toBe('customer');
    expect(body.customer.characteristics).toMatchObject({ country: 'GB', timezone: 'Europe/London' });
    expect(body.customer.fieldConfirmations.country?.by).toBe('inferred');
  });

  it('records calls and visits made outside the chat, audited, and lists the whole log newest first', async () => {
    const person = await card({ name: 'Visited Person' });
    const path = `/api/staff/customers/${person.id}/contacts`;
    const earlier = new Date(Date.now() - 2 * DAY_MS).toISOString();
    const call = await agent.post<{ contact: ContactBody['contacts'][number] }>(path, { kind: 'call', summary: 'Asked about the wholesale price list', at: earlier });
    expect(call).toMatchObject({ status: 201, body: { contact: { kind: 'call', channel: 'phone', staff: { name: 'Ada' }, createdAt: earlier } } });
    const visit = await agent.post<{ contact: ContactBody['contacts'][number] }>(path, {
      kind: 'visit',
      summary: 'Visited the shop in Pudong',
      outcome: 'ordered samples',
      impressions: 'busy, friendly owner; wants faster delivery',
    });
    expect(visit).toMatchObject({ status: 201, body: { contact: { kind: 'visit', channel: 'in_person', outcome: 'ordered samples', impressions: 'busy, friendly owner; wants faster delivery' } } });
    const log = await agent.get<ContactBody>(path);
    expect(log.body.total).toBe(2);
    expect(log.body.contacts.map((c) => c.kind)).toEqual(['visit', 'call']);
    const paged = await agent.get<ContactBody>(`${path}?page=2&pageSize=1`);
    expect(paged.body.contacts.map((c) => c.kind)).toEqual(['call']);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: person.id, action: 'customer.contact_recorded', actorId: agent.staff!.id } })).toBe(2);
    const row = await t.app.database.db.contact.findUniqueOrThrow({ where: { id: visit.body.contact.id } });
    expect(row.staffId).toBe(agent.staff!.id);
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: person.id } })).lastContactAt).not.toBeNull();

    expect((await agent.post(path, { kind: 'email', summary: 'x' })).status).toBe(400);
    expect((await agent.post(path, { kind: 'call', summary: '  ' })).status).toBe(400);
    expect((await agent.post(path, { kind: 'call', summary: 'later', at: new Date(Date.now() + 2 * DAY_MS).toISOString() })).status).toBe(400);
    expect((await agent.request('POST', path, { kind: 'call', summary: 'x' }, { csrf: null })).status).toBe(403);
    expect((await new StaffClient(t.baseUrl).post(path, { kind: 'call', summary: 'x' })).status).toBe(401);
    expect((await agent.post('/api/staff/customers/nobody/contacts', { kind: 'call', summary: 'x' })).status).toBe(404);
    const erased = await card({ name: null, erasedAt: new Date() });
    expect((await agent.post(`/api/staff/customers/${erased.id}/contacts`, { kind: 'call', summary: 'x' })).status).toBe(409);
  });

  it('serves the customers page, its wording in both languages, and the routes in the OpenAPI document', async () => {
    const page = await fetch(`${t.baseUrl}/console/customers`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/console/customers.js');
    const strings = (await (await fetch(`${t.baseUrl}/console/strings.json`)).json()) as Record<'zh' | 'en', Record<string, string>>;
    expect(strings.zh['customers.card.transactions']).toBe('交易状况');
    expect(strings.en['customers.card.transactions']).toBe('Transactions');
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/staff/customers'] ?? {})).toContain('get');
    expect(Object.keys(doc.paths['/api/staff/customers/{id}/contacts'] ?? {}).sort()).toEqual(['get', 'post']);
  });

  it('logs a takeover and staff replies in the contact log, one reply entry per staff member and day', async () => {
    const web = await new WebchatCustomer(t.baseUrl).start({ name: 'Logged Person', locale: 'en' });
    expect((await web.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: web.customerId } });
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    for (const text of ['Hello, I am here.', 'Let me check your order.', 'Found it.']) {
      expect((await agent.post(`/api/staff/conversations/${conversation.id}/messages`, { text })).status).toBe(201);
    }
    const path = `/api/staff/customers/${web.customerId}/contacts`;
    const log = await agent.get<ContactBody>(path);
    const byStaff = log.body.contacts.filter((c) => c.staff);
    expect(byStaff.map((c) => c.kind).sort()).toEqual(['staff_reply', 'takeover']);
    expect(byStaff.every((c) => c.staff?.name === 'Ada')).toBe(true);
    try {
      clockOffsetMs = DAY_MS;
      expect((await agent.post(`/api/staff/conversations/${conversation.id}/messages`, { text: 'Next day: it shipped.' })).status).toBe(201);
    } finally {
      clockOffsetMs = 0;
    }
    const after = await agent.get<ContactBody>(path);
    expect(after.body.contacts.filter((c) => c.kind === 'staff_reply')).toHaveLength(2);
  });
});
