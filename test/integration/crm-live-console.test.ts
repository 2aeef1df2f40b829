// What staff see live in every open console: the customer typing in the web chat (never echoed to
// the customer), and notes, commitments, outcomes and callbacks another staff member adds, on
// whichever app instance that console is connected to.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader, type SseEvent } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'live-boss@care.test', password: 'live boss password' };

type Data = Record<string, unknown>;
const data = (e: SseEvent) => e.data as Data;

describe.each<StoreKind>(['sqlite', 'postgres'])('live console on %s', (store) => {
  let a: TestApp;
  let b: TestApp;
  let ada: StaffClient;
  let ben: StaffClient;
  const streams: SseReader[] = [];

  beforeAll(async () => {
    a = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    // A second instance on the same database and Redis: Ben's console is connected there.
    b = await startTestApp({ databaseUrl: a.databaseUrl, redisPrefix: a.app.config.REDIS_PREFIX });
    const admin = await new StaffClient(a.baseUrl).signIn(ADMIN.email, ADMIN.password);
    ada = await admin.createStaff('agent', 'Ada');
    ben = await admin.createStaff('supervisor', 'Ben');
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await b?.close();
    await a?.close();
  });

  /** Ben's console, on the other instance. */
  async function bensConsole(): Promise<SseReader> {
    const stream = await SseReader.open(`${b.baseUrl}/api/staff/events`, { cookie: ben.cookie, ready: 'ready' });
    streams.push(stream);
    return stream;
  }

  async function chatting(name: string): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(a.baseUrl).start({ name, locale: 'en' });
    await customer.send('Hello, I have a question');
    const conversation = await a.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    return { customer, conversationId: conversation.id };
  }

  function reportTyping(customer: WebchatCustomer, body: unknown, token = customer.token): Promise<Response> {
    return fetch(`${a.baseUrl}/api/webchat/typing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  const customerTyping = (conversationId: string, on: boolean) => (e: SseEvent) =>
    e.event === 'typing' && data(e).conversationId === conversationId && data(e).author === 'customer' && data(e).on === on;

  it('shows staff that the customer is typing and then stopped; the customer’s own stream never echoes it', async () => {
    const { customer, conversationId } = await chatting('Typing Person');
    const staffStream = await bensConsole();
    const own = await SseReader.open(await customer.eventsUrl());
    streams.push(own);

    expect((await reportTyping(customer, { on: true })).status).toBe(204);
    await staffStream.waitFor(customerTyping(conversationId, true));
    // Stopped within the same 2 s window: held back, then sent when the window ends.
    expect((await reportTyping(customer, { on: false })).status).toBe(204);
    await staffStream.waitFor(customerTyping(conversationId, false));

    // The customer's next message travels after the typing on the same channel: once their stream
    // has it, any echo of the typing would have arrived before it.
    const sent = await customer.send('Where is my parcel?');
    expect(sent.status).toBe(200);
    await own.waitFor((e) => e.event === 'message' && data(e).text === 'Where is my parcel?');
    expect(own.events.filter((e) => e.event === 'typing' && data(e).author === 'customer')).toEqual([]);
  });

  it('publishes a burst of typing reports once, not once per report', async () => {
    const { customer, conversationId } = await chatting('Chatty Typist');
    const staffStream = await bensConsole();
    const reports = 20;
    for (let i = 0; i < reports; i++) expect((await reportTyping(customer, { on: true })).status).toBe(204);
    expect((await reportTyping(customer, { on: false })).status).toBe(204);
    await staffStream.waitFor(customerTyping(conversationId, false));
    const ons = staffStream.events.filter(customerTyping(conversationId, true));
    expect(ons.length).toBeGreaterThanOrEqual(1);
    expect(ons.length).toBeLessThan(reports);
  });

  it('refuses a typing report without a session or with a bad body', async () => {
    const { customer } = await chatting('Bad Typist');
    expect((await reportTyping(customer, { on: true }, '')).status).toBe(401);
    expect((await reportTyping(customer, { on: true }, 'not-a-token')).status).toBe(401);
    const bad = await reportTyping(customer, { on: 'yes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/body\.on/);
  });

  it('brings a note one staff member adds to another’s console on another instance', async () => {
    const { conversationId } = await chatting('Note Person');
    const staffStream = await bensConsole();
    const added = await ada.post<{ note: { id: string } }>(`/api/staff/conversations/${conversationId}/notes`, { text: 'Prefers a call after 6 pm.' });
    expect(added.status).toBe(201);
    const event = await staffStream.waitFor((e) => e.event === 'note' && data(e).conversationId === conversationId);
    expect(event.data).toEqual({
      conversationId,
      note: { id: added.body.note.id, text: 'Prefers a call after 6 pm.', staff: { id: ada.staff!.id, name: 'Ada', email: ada.staff!.email }, createdAt: expect.any(String) },
    });
  });

  it('brings commitments, outcomes and callbacks to every console as case changes', async () => {
    const { conversationId } = await chatting('Case Person');
    const conversation = await a.app.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const caseId = `case-${conversationId}`;
    await a.app.database.db.case.create({ data: { id: caseId, customerId: conversation.customerId, conversationId, category: 'delivery', emotion: 'annoyed', status: 'escalated' } });
    const staffStream = await bensConsole();
    const caseChange = (change: string) => (e: SseEvent) => e.event === 'case' && data(e).conversationId === conversationId && data(e).change === change;

    expect((await ada.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'reship', description: 'Send the parcel again', dueAt: '2030-01-10T10:00:00Z' })).status).toBe(201);
    expect((await staffStream.waitFor(caseChange('commitment'))).data).toEqual({ conversationId, caseId, change: 'commitment', staffId: ada.staff!.id });

    expect((await ada.post(`/api/staff/cases/${caseId}/outcome`, { status: 'agreed', outcome: 'Reship by Friday' })).status).toBe(200);
    expect((await staffStream.waitFor(caseChange('outcome'))).data).toEqual({ conversationId, caseId, change: 'outcome', staffId: ada.staff!.id, status: 'agreed' });

    expect((await ada.post(`/api/staff/conversations/${conversationId}/callbacks`, { dueAt: '2030-01-11T09:00:00Z' })).status).toBe(201);
    expect((await staffStream.waitFor(caseChange('callback'))).data).toEqual({ conversationId, caseId, change: 'callback', staffId: ada.staff!.id });
  });

  it('documents the typing route and the new staff events in /docs', async () => {
    const doc = (await (await fetch(`${a.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, { description?: string; summary?: string }>> };
    expect(doc.paths['/api/webchat/typing']?.post?.description).toMatch(/Telegram .* Bot Framework/);
    const events = doc.paths['/api/staff/events']?.get;
    expect(events?.summary).toMatch(/note, case/);
    expect(events?.description).toMatch(/`note` \(\{conversationId, note/);
    expect(events?.description).toMatch(/`case` \(\{conversationId, caseId, change/);
    expect(events?.description).toMatch(/author: "bot"\|"staff"\|"customer"/);
  });

  it('announces nothing for a change that was refused', async () => {
    const { conversationId } = await chatting('Refused Person');
    const staffStream = await bensConsole();
    expect((await ada.post('/api/staff/cases/no-such-case/outcome', { status: 'closed' })).status).toBe(404);
    expect((await ada.post(`/api/staff/conversations/${conversationId}/notes`, { text: '   ' })).status).toBe(400);
    // A later note arrives alone: nothing was published for the two refusals before it.
    await ada.post(`/api/staff/conversations/${conversationId}/notes`, { text: 'after the refusals' });
    await staffStream.waitFor((e) => e.event === 'note' && data(e).conversationId === conversationId);
    expect(staffStream.events.filter((e) => (e.event === 'note' || e.event === 'case') && data(e).conversationId === conversationId)).toHaveLength(1);
    expect(staffStream.events.filter((e) => e.event === 'case' && data(e).caseId === 'no-such-case')).toEqual([]);
  });
});
