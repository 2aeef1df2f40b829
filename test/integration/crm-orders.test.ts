// Orders end to end on SQLite and PostgreSQL: supervisors record them through the staff API (once
// per number, audited), the shop's system pushes them through the signed webhook over the real
// HTTP server with the exact bytes it signed, and a web chat customer who quotes an order number
// has their own order restated and linked to the case, while someone else's is never revealed.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../src/integrations/webhook-signature.ts';
import { PrismaOrderStore } from '../../src/store/order-store.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'orders-boss@care.test', password: 'orders boss password' };
const SECRET = 'orders-webhook-secret-for-tests';

interface OrderBody {
  order: { id: string; number: string; customerId: string; amountCents: number; currency: string; status: string; placedAt: string; items: string; source: string };
}
interface WebhookBody {
  results: { number: string; outcome: string; orderId?: string; message?: string }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

/** A fresh order number per test, so the stores' unique numbers never collide across tests. */
function orderNumber(prefix = 'JD'): string {
  return `${prefix}${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(0, 18);
}

describe.each<StoreKind>(['sqlite', 'postgres'])('orders on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ORDERS_WEBHOOK_SECRET: SECRET } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Olga');
    supervisor = await admin.createStaff('supervisor', 'Otto');
  });
  afterAll(async () => t?.close());

  async function customer(data: { phone?: string; email?: string; externalId?: string; name?: string } = {}): Promise<string> {
    const id = randomUUID();
    await t.app.database.db.customer.create({ data: { id, name: data.name ?? 'Order Person', ...data } });
    return id;
  }

  /** Sends `body` as these exact bytes, signed at `timestamp` (now unless given) with `secret`. */
  async function push(rawBody: string, { secret = SECRET, timestamp = String(Math.floor(Date.now() / 1000)), headers = {} as Record<string, string> } = {}) {
    const response = await fetch(`${t.baseUrl}/api/integrations/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature': signWebhookBody(secret, timestamp, rawBody), ...headers },
      body: rawBody,
    });
    return { status: response.status, body: (await response.json()) as WebhookBody & ErrorBody };
  }

  it('records an order once per number: 201, then 200 for a repeat that changes nothing, and 200 for a later status; each change audited', async () => {
    const customerId = await customer({ phone: '+8613812340001' });
    const number = orderNumber();
    const body = { number, customer: { phone: '138 1234 0001' }, amount: '59.90', placedAt: '2026-11-28T10:30:00+08:00', items: '1 × milk' };
    const created = await supervisor.post<OrderBody>('/api/staff/orders', body);
    expect(created).toMatchObject({
      status: 201,
      body: { order: { number, customerId, amountCents: 5990, currency: 'CNY', status: 'placed', placedAt: '2026-11-28T02:30:00.000Z', items: '1 × milk', source: 'staff' } },
    });
    const repeat = await supervisor.post<OrderBody>('/api/staff/orders', { ...body, amount: 59.9 });
    expect(repeat).toMatchObject({ status: 200, body: { order: { id: created.body.order.id, amountCents: 5990 } } });
    const delivered = await supervisor.post<OrderBody>('/api/staff/orders', { ...body, status: 'delivered' });
    expect(delivered).toMatchObject({ status: 200, body: { order: { id: created.body.order.id, status: 'delivered' } } });
    const audits = await t.app.database.db.auditLog.findMany({ where: { entity: 'Order', entityId: created.body.order.id }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['order.created', 'staff', supervisor.staff!.id],
      ['order.updated', 'staff', supervisor.staff!.id],
    ]);
    expect(JSON.parse(audits[1]!.details)).toMatchObject({ number, changes: { status: { from: 'placed', to: 'delivered' } } });
    expect(await t.app.database.db.order.count({ where: { number } })).toBe(1);
  });

  it('finds the customer by id, externalId, or email in any case, and lists their orders newest first, paged', async () => {
    const customerId = await customer({ email: 'orders.lister@example.com', externalId: `ext-${randomUUID()}` });
    const card = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } });
    const numbers = [orderNumber('TB'), orderNumber('PDD'), orderNumber('CN')];
    const refs = [{ id: customerId }, { externalId: card.externalId! }, { email: 'Orders.Lister@Example.COM' }];
    for (const [i, number] of numbers.entries()) {
      const made = await supervisor.post<OrderBody>('/api/staff/orders', { number, customer: refs[i], amount: 10 + i, currency: 'usd', placedAt: `2026-11-0${i + 1}T08:00:00Z` });
      expect(made).toMatchObject({ status: 201, body: { order: { customerId, currency: 'USD', amountCents: (10 + i) * 100 } } });
    }
    const first = await agent.get<{ orders: { number: string }[]; total: number; page: number; pageSize: number }>(`/api/staff/customers/${customerId}/orders?pageSize=2`);
    expect(first).toMatchObject({ status: 200, body: { total: 3, page: 1, pageSize: 2 } });
    expect(first.body.orders.map((o) => o.number)).toEqual([numbers[2], numbers[1]]);
    const second = await agent.get<{ orders: { number: string }[] }>(`/api/staff/customers/${customerId}/orders?page=2&pageSize=2`);
    expect(second.body.orders.map((o) => o.number)).toEqual([numbers[0]]);
    // A card whose email was typed in mixed case before emails were lower-cased.
    const typed = await customer({ email: 'Mixed.Case@Example.com' });
    expect(
      (await supervisor.post<OrderBody>('/api/staff/orders', { number: orderNumber('MC'), customer: { email: 'mixed.case@example.com' }, amount: '1', placedAt: '2026-11-01T08:00:00Z' })).body.order
        .customerId,
    ).toBe(typed);
    expect((await agent.get('/api/staff/customers/nobody/orders')).status).toBe(404);
    expect((await agent.get(`/api/staff/customers/${customerId}/orders?pageSize=1000`)).status).toBe(400);
  });

  it('lets only supervisors and admins record orders, with the CSRF header', async () => {
    await customer({ phone: '+8613812340002' });
    const body = { number: orderNumber(), customer: { phone: '13812340002' }, amount: '1', placedAt: '2026-11-28T10:30:00+08:00' };
    expect(await agent.post<ErrorBody>('/api/staff/orders', body)).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/supervisor/) } } });
    expect((await supervisor.request('POST', '/api/staff/orders', body, { csrf: null })).status).toBe(403);
    expect((await new StaffClient(t.baseUrl).post('/api/staff/orders', body)).status).toBe(401);
    expect(await t.app.database.db.order.count({ where: { number: body.number } })).toBe(0);
  });

  it('refuses an order it cannot file, saying why', async () => {
    const owner = await customer({ phone: '+8613812340003' });
    await customer({ phone: '+8613812340004' });
    await customer({ phone: '+8613812340004' });
    const base = { number: orderNumber(), customer: { id: owner }, amount: '59.90', placedAt: '2026-11-28T10:30:00+08:00' };
    const refused = async (body: Record<string, unknown>, status: number, message: RegExp) => {
      const response = await supervisor.post<ErrorBody>('/api/staff/orders', body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.message).toMatch(message);
    };
    await refused({ ...base, customer: { phone: '139 0000 0000' } }, 400, /body\.customer: no customer with phone \+8613900000000/);
    await refused({ ...base, customer: { phone: '13812340004' } }, 400, /2 customers have phone \+8613812340004; name the customer by id or externalId/);
    await refused({ ...base, customer: {} }, 400, /name the customer by id, externalId, phone or email/);
    await refused({ ...base, amount: '59.999' }, 400, /amount has more than two decimals/);
    await refused({ ...base, amount: '-1' }, 400, /amount must not be negative/);
    await refused({ ...base, currency: 'RMB' }, 400, /ISO 4217/);
    await refused({ ...base, status: 'lost' }, 400, /body\.status/);
    await refused({ ...base, placedAt: 'yesterday' }, 400, /body\.placedAt/);
    await refused({ ...base, number: 'JD 1' }, 400, /without spaces/);
    await refused({ ...base, discount: 5 }, 400, /discount/);
    expect(await t.app.database.db.order.count({ where: { number: base.number } })).toBe(0);
    // The number is the owner's now; another customer cannot take it over.
    expect((await supervisor.post('/api/staff/orders', base)).status).toBe(201);
    expect((await supervisor.post<OrderBody>('/api/staff/orders', { ...base, customer: { phone: '13812340003' }, amount: '1' })).body.order).toMatchObject({ customerId: owner, amountCents: 100 });
    const other = await customer({ phone: '+8613812340005' });
    await refused({ ...base, customer: { id: other } }, 409, /already on file for another customer/);
  });

  it('takes orders the shop pushes, signed over the exact bytes; a replay changes nothing and a later status updates', async () => {
    const customerId = await customer({ externalId: `shop-${randomUUID()}` });
    const { externalId } = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } });
    const number = orderNumber();
    // Spacing and Chinese as the shop's system writes them: the signature is over these bytes.
    const raw = `{ "number" : "${number}",\n  "customer": {"externalId": "${externalId}", "name": "李雷"},\n  "amount": "59.00", "placedAt": "2026-11-28T10:30:00+08:00", "items": "1 × 牛奶", "channel": "app" }`;
    const first = await push(raw);
    expect(first).toMatchObject({ status: 200, body: { results: [{ number, outcome: 'created' }] } });
    const stored = await t.app.database.db.order.findUniqueOrThrow({ where: { number } });
    expect(stored).toMatchObject({ customerId, amountCents: 5900, items: '1 × 牛奶', source: 'webhook', status: 'placed' });
    expect((await push(raw)).body.results).toEqual([{ number, outcome: 'unchanged', orderId: stored.id }]);
    const shipped = await push(JSON.stringify({ orders: [{ number, customer: { externalId }, amount: 59, placedAt: '2026-11-28T10:30:00+08:00', items: '1 × 牛奶', status: 'shipped' }] }));
    expect(shipped.body.results).toEqual([{ number, outcome: 'updated', orderId: stored.id }]);
    expect((await t.app.database.db.order.findUniqueOrThrow({ where: { number } })).status).toBe('shipped');
    const audits = await t.app.database.db.auditLog.findMany({ where: { entity: 'Order', entityId: stored.id }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['order.created', 'system', 'orders-webhook'],
      ['order.updated', 'system', 'orders-webhook'],
    ]);
  });

  it('files a new order once when the shop sends it twice at the same moment', async () => {
    await customer({ externalId: 'shop-twice' });
    const number = orderNumber();
    const raw = JSON.stringify({ number, customer: { externalId: 'shop-twice' }, amount: '8.80', placedAt: '2026-11-28T10:30:00+08:00' });
    const both = await Promise.all([push(raw), push(raw), push(raw)]);
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(both.map((r) => r.body.results[0]!.outcome).sort()).toEqual(['created', 'unchanged', 'unchanged']);
    expect(await t.app.database.db.order.count({ where: { number } })).toBe(1);
    // Straight at the store, many at once: the writers that lose the race to create find the order and leave it be.
    const store = new PrismaOrderStore(t.app.database.db);
    const again = { number: orderNumber(), customer: { externalId: 'shop-twice' }, amountCents: 880, currency: 'CNY', status: 'placed', placedAt: new Date(), items: '', source: 'webhook' } as const;
    const writes = await Promise.all(Array.from({ length: 8 }, () => store.upsertOrder(again, { system: 'test' }, new Date())));
    expect(writes.map((w) => w.outcome).sort()).toEqual(['created', ...Array<string>(7).fill('unchanged')]);
    expect(await t.app.database.db.auditLog.count({ where: { entity: 'Order', action: 'order.created', details: { contains: number } } })).toBe(1);
  });

  it('reports each order of a batch: filed ones are kept, one for an unknown customer is refused with the reason', async () => {
    const customerId = await customer({ email: 'batch.buyer@example.com' });
    const [a, b] = [orderNumber('TB'), orderNumber('PDD')];
    const response = await push(
      JSON.stringify({
        orders: [
          { number: a, customer: { email: 'batch.buyer@example.com' }, amount: '12.50', placedAt: '2026-11-20T09:00:00Z' },
          { number: b, customer: { email: 'nobody@example.com' }, amount: '1', placedAt: '2026-11-20T09:00:00Z' },
        ],
      }),
    );
    expect(response).toMatchObject({
      status: 200,
      body: {
        results: [
          { number: a, outcome: 'created' },
          { number: b, outcome: 'refused', message: expect.stringMatching(/no customer with email nobody@example\.com/) },
        ],
      },
    });
    expect(await t.app.database.db.order.findMany({ where: { number: { in: [a, b] } }, select: { number: true, customerId: true } })).toEqual([{ number: a, customerId }]);
  });

  it('refuses unsigned, mis-signed, stale and malformed pushes with a readable reason, writing nothing', async () => {
    await customer({ externalId: 'shop-refusals' });
    const number = orderNumber();
    const raw = JSON.stringify({ number, customer: { externalId: 'shop-refusals' }, amount: '5', placedAt: '2026-11-28T10:30:00+08:00' });
    const now = Math.floor(Date.now() / 1000);
    const expectRefused = async (response: { status: number; body: ErrorBody }, status: number, message: RegExp) => {
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.message).toMatch(message);
    };
    await expectRefused(await push(raw, { secret: 'someone-elses-secret-123' }), 401, /does not match/);
    await expectRefused(await push(raw, { timestamp: String(now - 600) }), 401, /600 s old/);
    await expectRefused(await push(raw, { timestamp: String(now + 600) }), 401, /in the future/);
    const tampered = await fetch(`${t.baseUrl}/api/integrations/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-timestamp': String(now), 'x-signature': signWebhookBody(SECRET, String(now), raw) },
      body: raw.replace('"5"', '"500"'),
    });
    await expectRefused({ status: tampered.status, body: (await tampered.json()) as ErrorBody }, 401, /does not match/);
    const unsigned = await fetch(`${t.baseUrl}/api/integrations/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    await expectRefused({ status: unsigned.status, body: (await unsigned.json()) as ErrorBody }, 401, /missing X-Signature-Timestamp/);
    await expectRefused(await push('{"number": '), 400, /not valid JSON/);
    await expectRefused(
      await push(JSON.stringify({ number, customer: { externalId: 'shop-refusals' }, amount: '5.001', placedAt: '2026-11-28T10:30:00+08:00' })),
      400,
      /body\.amount: the amount has more than two decimals/,
    );
    await expectRefused(await push(JSON.stringify({ orders: Array.from({ length: 101 }, () => JSON.parse(raw) as unknown) })), 400, /body\.orders/);
    await expectRefused(await push(JSON.stringify([JSON.parse(raw)])), 400, /one order object/);
    expect(await t.app.database.db.order.count({ where: { number } })).toBe(0);
    // Other routes still parse JSON as before.
    const parsed = await fetch(`${t.baseUrl}/api/nlu/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'order JD20261128001 is late' }) });
    expect(((await parsed.json()) as { entities: { orderNumbers: string[] } }).entities.orderNumbers).toEqual(['JD20261128001']);
  });

  it('restates a web chat customer’s own order when confirming the facts, and links it to the case', async () => {
    const chat = await new WebchatCustomer(t.baseUrl).start({ name: 'Kettle Owner', locale: 'en' });
    const number = orderNumber();
    expect(
      (await supervisor.post('/api/staff/orders', { number, customer: { id: chat.customerId }, amount: '59.00', placedAt: '2026-11-28T10:30:00+08:00', items: '1 × kettle', status: 'delivered' }))
        .status,
    ).toBe(201);
    await chat.send(`The kettle from order ${number.toLowerCase()} leaks water everywhere`);
    const restated = await chat.send('A refund please');
    const text = restated.replies.map((r) => r.text).join('\n');
    expect(text).toMatch(new RegExp(`Order number: ${number} of 28 Nov( \\d{4})?, 1 × kettle, ¥59\\n`));
    const order = await t.app.database.db.order.findUniqueOrThrow({ where: { number } });
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: chat.customerId } });
    expect(JSON.parse(kase.facts)).toMatchObject({
      orderNumber: number,
      orderVerified: true,
      order: { id: order.id, number, amountCents: 5900, currency: 'CNY', items: '1 × kettle', placedAt: '2026-11-28T02:30:00.000Z' },
    });
    const detail = await agent.get<{ openCases: { id: string; facts: Record<string, unknown> }[] }>(`/api/staff/conversations/${kase.conversationId}`);
    expect(detail.body.openCases.find((c) => c.id === kase.id)?.facts).toMatchObject({ orderVerified: true, order: { id: order.id } });
  });

  it('never reveals another customer’s order: the number is kept as said and flagged for staff', async () => {
    const owner = await customer({ name: 'Real Owner' });
    const number = orderNumber();
    expect((await supervisor.post('/api/staff/orders', { number, customer: { id: owner }, amount: '4321.00', placedAt: '2026-11-28T10:30:00+08:00', items: '1 × 电水壶 Secret-Model' })).status).toBe(
      201,
    );
    const chat = await new WebchatCustomer(t.baseUrl).start({ name: '韩梅梅', locale: 'zh' });
    await chat.send(`订单${number}的电水壶漏水`);
    const restated = await chat.send('我要退款');
    const text = restated.replies.map((r) => r.text).join('\n');
    expect(text).toContain(`订单号：${number}\n`);
    const history = (await chat.history()).messages.map((m) => m.text).join('\n');
    for (const secret of ['4321', 'Secret-Model', '11月28日']) expect(history).not.toContain(secret);
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: chat.customerId } });
    const facts = JSON.parse(kase.facts) as Record<string, unknown>;
    expect(facts).toMatchObject({ orderNumber: number, orderVerified: false });
    expect(facts).not.toHaveProperty('order');
    const detail = await agent.get<{ openCases: { id: string; facts: Record<string, unknown> }[] }>(`/api/staff/conversations/${kase.conversationId}`);
    expect(detail.body.openCases.find((c) => c.id === kase.id)?.facts).toMatchObject({ orderNumber: number, orderVerified: false });
  });
});

describe('the orders webhook without a secret', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers 503, saying it is not set up', async () => {
    const response = await fetch(`${t.baseUrl}/api/integrations/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/ORDERS_WEBHOOK_SECRET is unset/);
  });
});
