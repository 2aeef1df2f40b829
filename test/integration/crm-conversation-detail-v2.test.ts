// The conversation view's second version: the customer's previous conversations one click away,
// the orders on file and the order numbers their cases mention that are not on file; and the card's
// phone and email validated and spelled the way the bot stores what a customer writes.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'detail-boss@care.test', password: 'detail boss password' };

interface PreviousConversation {
  id: string;
  channel: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
  lastMessage: { text: string; author: string; at: string } | null;
}
interface Detail {
  previousConversations: PreviousConversation[];
  orders: { number: string; status: string; amountCents: number; currency: string; placedAt: string; items: string; source: string }[];
  mentionedOrderNumbers: { number: string; caseId: string }[];
  openCases: unknown[];
}

function uniqueNumber(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('conversation detail v2 on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Dora');
  });
  afterAll(async () => t?.close());

  async function chatting(name: string): Promise<{ customer: WebchatCustomer; conversationId: string; identityId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await customer.send('Hello there');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId, status: { not: 'closed' } } });
    return { customer, conversationId: conversation.id, identityId: conversation.identityId };
  }

  it('lists the customer’s earlier conversations, newest first, with each one’s last message', async () => {
    const { customer, conversationId: first } = await chatting('Returning Person');
    expect((await agent.post(`/api/staff/conversations/${first}/close`)).status).toBe(200);
    await customer.send('I am back with another question');
    const second = (await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId, status: { not: 'closed' } } })).id;
    expect(second).not.toBe(first);

    const detail = await agent.get<Detail>(`/api/staff/conversations/${second}`);
    expect(detail.status).toBe(200);
    const last = await t.app.database.db.message.findFirstOrThrow({ where: { conversationId: first }, orderBy: { id: 'desc' } });
    expect(detail.body.previousConversations).toEqual([
      {
        id: first,
        channel: 'webchat',
        status: 'closed',
        createdAt: expect.any(String),
        closedAt: expect.any(String),
        lastMessage: { text: last.text, author: last.author, at: last.createdAt.toISOString() },
      },
    ]);
    // And back: the first conversation lists the second.
    const back = await agent.get<Detail>(`/api/staff/conversations/${first}`);
    expect(back.body.previousConversations.map((c) => c.id)).toEqual([second]);
  });

  it('shows at most 20, cuts long last messages, and says when a conversation has none', async () => {
    const { customer, conversationId, identityId } = await chatting('Frequent Person');
    const db = t.app.database.db;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const id = randomUUID();
      ids.push(id);
      const at = new Date(base + i * 3_600_000);
      await db.conversation.create({ data: { id, customerId: customer.customerId, identityId, channel: 'webchat', status: 'closed', createdAt: at, closedAt: at, lastMessageAt: at } });
    }
    const newest = ids.at(-1)!;
    const long = `${'很长的消息'.repeat(60)}END`;
    await db.message.create({ data: { conversationId: newest, direction: 'in', author: 'customer', text: 'first words', createdAt: new Date(base + 21 * 3_600_000) } });
    await db.message.create({ data: { conversationId: newest, direction: 'in', author: 'customer', text: long, createdAt: new Date(base + 21 * 3_600_000 + 1000) } });

    const detail = await agent.get<Detail>(`/api/staff/conversations/${conversationId}`);
    const previous = detail.body.previousConversations;
    expect(previous.map((c) => c.id)).toEqual(ids.slice(2).reverse());
    expect(previous.map((c) => c.id)).not.toContain(conversationId);
    const cut = previous[0]!.lastMessage!;
    expect(cut.author).toBe('customer');
    expect([...cut.text]).toHaveLength(200);
    expect(cut.text.startsWith('很长的消息很长的消息')).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(previous[1]!.lastMessage).toBeNull();
  });

  it('lists the orders on file and the order numbers the cases mention that are not on file', async () => {
    const { customer, conversationId } = await chatting('Order Person');
    const db = t.app.database.db;
    const customerId = customer.customerId;
    const older = uniqueNumber('jd');
    const newer = uniqueNumber('TB');
    const typedWrong = uniqueNumber('PDD');
    const elsewhere = uniqueNumber('JD');
    await db.order.create({
      data: {
        id: randomUUID(),
        number: older.toLowerCase(),
        customerId,
        amountCents: 5990,
        currency: 'CNY',
        status: 'delivered',
        placedAt: new Date('2026-10-01T08:00:00Z'),
        items: '1 × kettle',
        source: 'import',
      },
    });
    await db.order.create({
      data: {
        id: randomUUID(),
        number: newer,
        customerId,
        amountCents: 129900,
        currency: 'CNY',
        status: 'shipped',
        placedAt: new Date('2026-11-20T08:00:00Z'),
        items: '1 × vacuum',
        source: 'webhook',
      },
    });
    // Another customer's order: for this customer it is not on file.
    const other = randomUUID();
    await db.customer.create({ data: { id: other, name: 'Someone Else' } });
    await db.order.create({
      data: { id: randomUUID(), number: elsewhere, customerId: other, amountCents: 100, currency: 'CNY', status: 'placed', placedAt: new Date('2026-11-01T08:00:00Z'), source: 'staff' },
    });
    const caseRow = (id: string, facts: Record<string, unknown>, createdAt: string) =>
      db.case.create({ data: { id, customerId, conversationId, category: 'delivery', emotion: 'annoyed', status: 'closed', facts: JSON.stringify(facts), createdAt: new Date(createdAt) } });
    // The bot upper-cases what the customer typed; the shop wrote it in lower case: still on file.
    await caseRow(`case-a-${conversationId}`, { orderNumber: older.toUpperCase(), orderVerified: true }, '2026-11-01T00:00:00Z');
    await caseRow(`case-b-${conversationId}`, { orderNumber: typedWrong, orderVerified: false }, '2026-11-02T00:00:00Z');
    await caseRow(`case-c-${conversationId}`, { orderNumber: typedWrong }, '2026-11-03T00:00:00Z');
    await caseRow(`case-d-${conversationId}`, { orderNumber: elsewhere, order: { number: newer } }, '2026-11-04T00:00:00Z');

    const detail = await agent.get<Detail>(`/api/staff/conversations/${conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.orders).toEqual([
      { number: newer, status: 'shipped', amountCents: 129900, currency: 'CNY', placedAt: '2026-11-20T08:00:00.000Z', items: '1 × vacuum', source: 'webhook' },
      { number: older.toLowerCase(), status: 'delivered', amountCents: 5990, currency: 'CNY', placedAt: '2026-10-01T08:00:00.000Z', items: '1 × kettle', source: 'import' },
    ]);
    expect(detail.body.mentionedOrderNumbers).toEqual([
      { number: elsewhere, caseId: `case-d-${conversationId}` },
      { number: typedWrong, caseId: `case-c-${conversationId}` },
    ]);
  });

  it('answers a customer without history with empty lists, and 404 for no conversation', async () => {
    const { conversationId } = await chatting('New Person');
    const detail = await agent.get<Detail>(`/api/staff/conversations/${conversationId}`);
    expect(detail.body).toMatchObject({ previousConversations: [], orders: [], mentionedOrderNumbers: [] });
    expect((await agent.get(`/api/staff/conversations/${randomUUID()}`)).status).toBe(404);
  });

  it('documents the new fields in /docs', async () => {
    const doc = JSON.stringify(await (await fetch(`${t.baseUrl}/docs/json`)).json());
    for (const field of ['previousConversations', 'mentionedOrderNumbers', 'the customer’s orders on file']) expect(doc).toContain(field);
  });

  describe('the card’s phone and email', () => {
    it('stores an email staff type exactly as the bot stores one the customer writes', async () => {
      const { customer } = await chatting('Email Writer');
      await customer.send('You can reach me at Li.Wei+Care@Example.COM');
      const byBot = (await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).email;
      expect(byBot).toBe('li.wei+care@example.com');

      const { customer: typedFor } = await chatting('Email Typed');
      const patched = await agent.patch<{ customer: { email: string; basic: { emails: string[] } } }>(`/api/staff/customers/${typedFor.customerId}`, {
        email: '  Li.Wei+Care@Example.COM ',
        emails: ['Second@Example.COM', 'second@example.com'],
      });
      expect(patched.status).toBe(200);
      expect(patched.body.customer.email).toBe(byBot);
      expect(patched.body.customer.basic.emails).toEqual([byBot, 'second@example.com']);
    });

    it('refuses a bad email or phone with a 400 naming the field', async () => {
      const { customer } = await chatting('Bad Contact');
      const path = `/api/staff/customers/${customer.customerId}`;
      for (const [body, field] of [
        [{ email: 'li.wei@' }, 'body.email'],
        [{ email: 'li wei@example.com' }, 'body.email'],
        [{ emails: ['ok@example.com', 'not-an-email'] }, 'body.emails.1'],
        [{ phone: 'call me maybe' }, 'body.phone'],
        [{ phones: ['12'] }, 'body.phones.0'],
      ] as const) {
        const refused = await agent.patch<{ error: { code: string; message: string } }>(path, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error.code).toBe('invalid_request');
        expect(refused.body.error.message).toContain(`${field}:`);
      }
      const patched = await agent.patch<{ customer: { phone: string } }>(path, { phone: '138 1234 5678' });
      expect(patched.body.customer.phone).toBe('+8613812345678');
    });
  });
});
