// A customer's rights through the console API: a supervisor exports everything kept about a
// person (never the web chat secret), an admin erases it on request. The attacks: an agent
// exporting, a supervisor or a forged (CSRF-less) request erasing, an erased customer's web chat
// token still reading the history, personal data surviving in rows or audit details. The
// knowledge base's promise of deletion says how it really happens.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'rights-admin@care.test', password: 'umbrella lantern quietly 47 orbits' };
const NAME = 'Wang Xiaoming';
const EMAIL = 'xiaoming.wang@example.com';

describe.each<StoreKind>(['sqlite', 'postgres'])("a customer's rights on %s", (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sun');
    agent = await admin.createStaff('agent', 'Ada');
  });
  afterAll(async () => t?.close());

  /** A web chat customer with a conversation a person wrote a note and a callback on, then closed. */
  async function customerWithHistory(): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: NAME, locale: 'en' });
    await customer.send(`My parcel from order JD20261128553 never came, write to ${EMAIL}`);
    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect((await admin.patch(`/api/staff/customers/${customer.customerId}`, { email: EMAIL })).status).toBe(200);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/notes`, { text: `${NAME} sounded upset` })).status).toBe(201);
    const callback = await admin.post(`/api/staff/conversations/${conversation.id}/callbacks`, { dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(callback.status).toBe(201);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);
    return { customer, conversationId: conversation.id };
  }

  it('exports all of a person’s data to supervisors and admins only, without secrets, and audits it', async () => {
    const { customer, conversationId } = await customerWithHistory();
    const path = `/api/staff/customers/${customer.customerId}/export`;
    expect((await agent.get(path)).status).toBe(403);
    expect((await new StaffClient(t.baseUrl).get(path)).status).toBe(401);

    const response = await supervisor.get<Record<string, unknown>>(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="customer-[\w-]+-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = response.body as {
      customer: { name: string; email: string };
      identities: Record<string, unknown>[];
      conversations: { id: string; messages: { text: string }[] }[];
      notes: { text: string }[];
      followUps: { kind: string }[];
    };
    expect(data.customer).toMatchObject({ name: NAME, email: EMAIL });
    expect(data.identities).toHaveLength(1);
    expect(data.identities[0]).not.toHaveProperty('secretHash');
    expect(JSON.stringify(data)).not.toMatch(/secretHash|"reference"/);
    expect(data.conversations.find((c) => c.id === conversationId)?.messages[0]?.text).toContain('JD20261128553');
    expect(data.notes.map((n) => n.text)).toEqual([`${NAME} sounded upset`]);
    expect(data.followUps.map((f) => f.kind)).toContain('callback');
    for (const key of ['contacts', 'cases', 'commitments', 'surveys']) expect(data).toHaveProperty(key);

    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { action: 'customer.exported', entityId: customer.customerId } });
    expect(audit.actorId).toBe(supervisor.staff!.id);
    expect(audit.details).not.toContain(NAME);
  });

  it('erases on an admin’s request only: anonymised rows, cancelled follow-ups, a dead web chat token, an audit entry without personal data', async () => {
    const { customer, conversationId } = await customerWithHistory();
    const { db } = t.app.database;
    const path = `/api/staff/customers/${customer.customerId}/erase`;
    await customer.history(); // the token works (throws otherwise); it opens a second, empty conversation
    const messagesBefore = await db.message.count({ where: { conversationId } });
    const ofTheirCases = { case: { customerId: customer.customerId } };
    expect(await db.caseKeyword.count({ where: ofTheirCases })).toBeGreaterThan(0); // words of their complaint, for the crisis signal

    expect((await supervisor.post(path)).status).toBe(403);
    expect((await admin.request('POST', path, undefined, { csrf: null })).status).toBe(403);
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).toMatchObject({ name: NAME, erasedAt: null });

    const erased = await admin.post<{ counts: Record<string, number> }>(path);
    expect(erased.status).toBe(200);
    // Cancelled: the callback, and the rating the close asked for (CSAT) that no job sent here.
    expect(erased.body.counts).toMatchObject({ conversations: 2, messages: messagesBefore, identities: 1, notes: 1, followUpsCancelled: 2, chatRatings: 1 });

    // The web chat session is gone with the data.
    const history = await fetch(`${t.baseUrl}/api/webchat/history`, { headers: { authorization: `Bearer ${customer.token}` } });
    expect(history.status).toBe(401);
    expect((await customer.send('hello again')).status).toBe(401);

    const card = await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } });
    expect(card).toMatchObject({ name: null, email: null, phone: null, attributes: '{}', optOutGreetings: true, optOutMarketing: true });
    expect(card.erasedAt).not.toBeNull();
    const messages = await db.message.findMany({ where: { conversationId } });
    expect(messages).toHaveLength(messagesBefore);
    expect(messages.every((m) => m.text === '[erased]' && m.nlu === null)).toBe(true);
    const identity = await db.channelIdentity.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(identity).toMatchObject({ externalId: `erased:${identity.id}`, secretHash: null, reference: null });
    expect((await db.note.findMany({ where: { conversationId } })).map((n) => n.text)).toEqual(['[erased]']);
    expect((await db.followUp.findMany({ where: { customerId: customer.customerId } })).map((f) => f.status)).toEqual(['cancelled', 'cancelled']);
    expect(await db.caseKeyword.count({ where: ofTheirCases })).toBe(0);

    const everything = JSON.stringify(await db.auditLog.findMany({ where: { OR: [{ entityId: customer.customerId }, { entityId: conversationId }] } }));
    expect(everything).not.toContain(NAME);
    expect(everything).not.toContain(EMAIL);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: 'customer.erased', entityId: customer.customerId } });
    expect(entry.actorId).toBe(admin.staff!.id);
    expect(JSON.parse(entry.details)).toMatchObject({ messages: messagesBefore, identities: 1 });

    const exported = await admin.get(`/api/staff/customers/${customer.customerId}/export`);
    expect(JSON.stringify(exported.body)).not.toMatch(new RegExp(`${NAME}|${EMAIL}|JD20261128553`));
  });

  it('refuses to erase while a person is talking with the customer, and closes the conversations the bot still has', async () => {
    const waiting = await new WebchatCustomer(t.baseUrl).start({ name: NAME, locale: 'en' });
    await waiting.send('I want to talk to a person');
    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: waiting.customerId } });
    expect(conversation.status).toBe('queued');
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);

    const refused = await admin.post<{ error: { code: string; message: string } }>(`/api/staff/customers/${waiting.customerId}/erase`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/close it or hand it back first/);

    expect((await admin.post(`/api/staff/conversations/${conversation.id}/handback`)).status).toBe(200);
    const erased = await admin.post<{ counts: { conversationsClosed: number } }>(`/api/staff/customers/${waiting.customerId}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body.counts.conversationsClosed).toBe(1);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe('closed');
    expect((await admin.post(`/api/staff/customers/${randomUUID()}/erase`)).status).toBe(404);
  });

  it('tells a customer asking for deletion that a person handles it within 15 working days, in both languages', async () => {
    const en = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const answer = said(await en.send('How do I delete my account?'));
    expect(answer).toMatch(/member of our team handles deletion requests/);
    expect(answer).toMatch(/Talk to a person/);
    expect(answer).toMatch(/15 working days/);
    expect((await en.send('Talk to a person')).conversation.status).toBe('queued');

    const zh = await new WebchatCustomer(t.baseUrl).start({ locale: 'zh' });
    const reply = said(await zh.send('怎么注销账号？'));
    expect(reply).toContain('客服人员办理');
    expect(reply).toContain('转人工客服');
    expect(reply).toContain('15个工作日');
  });
});
