// Card and resident ID numbers a customer types must not be kept in the clear: not in the stored
// message text, the NLU JSON, the flow state, the contact log or anywhere staff read them back
// (web chat history, the console's conversation view). The last four stay; order numbers and
// phone numbers stay whole, because staff need them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'root@care.test', password: 'umbrella lantern quietly 47 orbits' };
const CARD = '4111 1111 1111 1111';
const PLAIN_CARD = '5200000000000007';
const ID_NUMBER = '44030419900307123X';
const ORDER = '2867451234567890123'; // Luhn-valid like a card, but labelled as an order
const PHONE = '13812345678';

describe('card and ID numbers at rest', () => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  /** Every text column a customer's words can reach, of this customer, as one string. */
  async function everythingStoredAbout(customerId: string): Promise<string> {
    const { db } = t.app.database;
    const conversations = await db.conversation.findMany({ where: { customerId }, include: { messages: true, contacts: true, cases: true } });
    const ids = conversations.map((c) => c.id);
    const audit = await db.auditLog.findMany({ where: { OR: [{ entityId: { in: ids } }, { entityId: customerId }] } });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    return JSON.stringify({ conversations, audit, customer });
  }

  it('masks what the customer typed over web chat, keeping the last four, and keeps order and phone numbers', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    expect((await customer.send(`My card ${CARD} was charged twice for order ${ORDER}, call me on ${PHONE}`)).status).toBe(200);
    expect((await customer.send(`My ID number is ${ID_NUMBER} and the other card was ${PLAIN_CARD}`)).status).toBe(200);

    const stored = await everythingStoredAbout(customer.customerId);
    for (const secret of [CARD, CARD.replace(/ /g, ''), PLAIN_CARD, ID_NUMBER]) expect(stored).not.toContain(secret);

    const { db } = t.app.database;
    const inbound = await db.message.findMany({ where: { conversation: { customerId: customer.customerId }, author: 'customer' }, orderBy: { id: 'asc' } });
    expect(inbound.map((m) => m.text)).toEqual([
      `My card **** **** **** 1111 was charged twice for order ${ORDER}, call me on ${PHONE}`,
      'My ID number is **************123X and the other card was ************0007',
    ]);
    // The NLU JSON is read from the masked text: the order number is there, the card is not.
    expect(inbound[0]!.nlu).toContain(ORDER);
    expect(inbound[0]!.nlu).not.toContain('4111');

    const history = await customer.history();
    const mine = history.messages.filter((m) => m.author === 'customer').map((m) => m.text);
    expect(mine[0]).toContain('**** **** **** 1111');
    expect(mine[0]).toContain(ORDER);
    expect(mine[1]).toContain('**************123X');

    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const view = await admin.get<{ transcript: { text: string }[] }>(`/api/staff/conversations/${conversation.id}`);
    expect(view.status).toBe(200);
    const seen = view.body.transcript.map((m) => m.text).join('\n');
    expect(seen).toContain('**** **** **** 1111');
    expect(seen).toContain('**************123X');
    expect(seen).toContain(ORDER);
    expect(seen).toContain(PHONE);
    expect(seen).not.toContain(CARD);
    expect(seen).not.toContain(ID_NUMBER);
  });

  it('takes a bare number as the order number when the bot asked for it', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    await customer.send('My kettle arrived broken and leaks everywhere');
    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const state = JSON.parse(conversation.flowState) as { complaint?: { asking?: string } };
    expect(state.complaint?.asking).toBe('orderNumber');
    await customer.send(ORDER);
    const last = await db.message.findFirstOrThrow({ where: { conversationId: conversation.id, author: 'customer' }, orderBy: { id: 'desc' } });
    expect(last.text).toBe(ORDER);
    const after = JSON.parse((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).flowState) as { complaint?: { facts?: { orderNumber?: string } } };
    expect(after.complaint?.facts?.orderNumber).toBe(ORDER);
  });

  it('masks a card number in what staff write too', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    await customer.send('I need a person please');
    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/messages`, { text: `Is this your card ${CARD}?` })).status).toBeLessThan(300);
    const staffMessage = await db.message.findFirstOrThrow({ where: { conversationId: conversation.id, author: 'staff' } });
    expect(staffMessage.text).toBe('Is this your card **** **** **** 1111?');
  });
});
