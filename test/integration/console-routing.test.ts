// Routing of escalated conversations over HTTP: presence, the key account manager first for
// A-tier customers, round robin among online agents within their capacity, the assignee's
// takeover, supervisors (not agents) reassigning, the waiting queue routed when someone comes
// online, and capacity held when two instances assign at once.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaRoutingStore } from '../../src/store/routing-store.ts';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'route-boss@care.test', password: 'route boss password' };

interface Detail {
  conversation: { status: string; assignedStaff: { id: string; name: string } | null };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('console routing on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let kim: StaffClient;
  let ann: StaffClient;
  let bob: StaffClient;
  let sue: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    kim = await admin.createStaff('agent', 'Kim');
    ann = await admin.createStaff('agent', 'Ann');
    bob = await admin.createStaff('agent', 'Bob');
    sue = await admin.createStaff('supervisor', 'Sue');
  });
  afterAll(async () => t?.close());

  async function online(...who: StaffClient[]): Promise<void> {
    for (const s of [kim, ann, bob, sue]) {
      const response = await s.patch('/api/staff/me', { online: who.includes(s) });
      expect(response.status).toBe(200);
    }
  }

  /**
   * A customer asks for a person; whoever routing gives it to opens it at once (routing hands out
   * one unopened conversation at a time: crm-routing-one-at-a-time.test.ts).
   */
  async function escalate(name: string, before?: (customerId: string) => Promise<void>): Promise<string> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await before?.(customer.customerId);
    const sent = await customer.send('I want to talk to a person');
    expect(sent.conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const holder = [kim, ann, bob, sue].find((s) => s.staff!.id === conversation.assignedStaffId);
    if (holder) expect((await holder.post(`/api/staff/conversations/${conversation.id}/read`)).status).toBe(200);
    return conversation.id;
  }

  async function assignee(conversationId: string): Promise<string | null> {
    const detail = await admin.get<Detail>(`/api/staff/conversations/${conversationId}`);
    return detail.body.conversation.assignedStaff?.name ?? null;
  }

  it('says who is online, and audits it', async () => {
    const response = await ann.patch<{ staff: { online: boolean; capacity: number } }>('/api/staff/me', { online: true });
    expect(response).toMatchObject({ status: 200, body: { staff: { online: true, capacity: 5 } } });
    expect(await t.app.database.db.auditLog.count({ where: { entity: 'Staff', entityId: ann.staff!.id, actorId: ann.staff!.id } })).toBeGreaterThan(0);
    expect((await ann.request('PATCH', '/api/staff/me', { online: false }, { csrf: null })).status).toBe(403);
  });

  it('gives an A-tier customer to their key account manager when online, still queued', async () => {
    await online(kim, ann);
    const id = await escalate('Key Client', async (customerId) => {
      const patched = await admin.patch(`/api/staff/customers/${customerId}`, { tier: 'A', keyAccountManagerId: kim.staff!.id });
      expect(patched.status).toBe(200);
    });
    expect(await assignee(id)).toBe('Kim');
    expect((await admin.get<Detail>(`/api/staff/conversations/${id}`)).body.conversation.status).toBe('queued');
    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: id, action: 'conversation.assigned' } });
    expect(JSON.parse(audit.details)).toMatchObject({ to: kim.staff!.id, rule: 'key_account_manager' });
  });

  it('gives an A-tier customer to an agent when the key account manager is offline', async () => {
    await online(ann);
    const id = await escalate('Key Client Two', async (customerId) => {
      await admin.patch(`/api/staff/customers/${customerId}`, { tier: 'A', keyAccountManagerId: kim.staff!.id });
    });
    expect(await assignee(id)).toBe('Ann');
  });

  it('takes turns between two online agents', async () => {
    await online(ann, bob);
    const first = await assignee(await escalate('Turn One'));
    const second = await assignee(await escalate('Turn Two'));
    const third = await assignee(await escalate('Turn Three'));
    expect([first, second].sort()).toEqual(['Ann', 'Bob']);
    expect(third).toBe(first);
  });

  it('gives a waiting conversation to whoever gets room: a hand-back, or more capacity', async () => {
    // Conversations earlier tests left waiting would otherwise be first in line.
    await t.app.database.db.conversation.updateMany({ where: { status: { in: ['queued', 'human'] } }, data: { status: 'closed' } });
    await online(ann);
    expect((await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 1 })).status).toBe(200);
    const held = await escalate('Held Customer');
    expect(await assignee(held)).toBe('Ann');
    expect((await ann.post(`/api/staff/conversations/${held}/takeover`)).status).toBe(200);
    const waiting = await escalate('Waiting Customer');
    expect(await assignee(waiting)).toBeNull(); // Ann is full
    expect((await ann.post(`/api/staff/conversations/${held}/handback`)).status).toBe(200);
    expect(await assignee(waiting)).toBe('Ann');
    expect((await ann.post(`/api/staff/conversations/${waiting}/takeover`)).status).toBe(200);
    const next = await escalate('Next Customer');
    expect(await assignee(next)).toBeNull();
    expect((await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 2 })).status).toBe(200);
    expect(await assignee(next)).toBe('Ann');
    await ann.post(`/api/staff/conversations/${waiting}/close`);
    await ann.post(`/api/staff/conversations/${next}/close`);
    await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 50 });
  });

  it('respects capacity; nobody with room leaves the conversation unassigned in the queue', async () => {
    await online(ann, bob);
    expect((await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 0 })).status).toBe(200);
    expect(await assignee(await escalate('Full One'))).toBe('Bob');
    expect(await assignee(await escalate('Full Two'))).toBe('Bob');
    await admin.patch(`/api/staff/users/${bob.staff!.id}`, { capacity: 0 });
    const waiting = await escalate('Nobody Free');
    expect(await assignee(waiting)).toBeNull();
    const queue = await ann.get<{ conversations: { id: string; assignedStaff: unknown }[] }>('/api/staff/conversations?status=queued');
    expect(queue.body.conversations.find((c) => c.id === waiting)).toMatchObject({ assignedStaff: null });
    await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 50 });
    await admin.patch(`/api/staff/users/${bob.staff!.id}`, { capacity: 50 });
    // Routed when Ann got room again: she opens it, so the next one can be hers.
    expect(await assignee(waiting)).toBe('Ann');
    expect((await ann.post(`/api/staff/conversations/${waiting}/read`)).status).toBe(200);
  });

  it('lets the assignee take over; another agent gets 409 naming the assignee; a supervisor may', async () => {
    await online(ann);
    const mine = await escalate('For Ann');
    expect(await assignee(mine)).toBe('Ann');
    const refused = await bob.post(`/api/staff/conversations/${mine}/takeover`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: expect.stringContaining('Ann') } } });
    expect((await ann.post(`/api/staff/conversations/${mine}/takeover`)).status).toBe(200);

    const other = await escalate('For Ann Too');
    expect(await assignee(other)).toBe('Ann');
    expect((await sue.post(`/api/staff/conversations/${other}/takeover`)).status).toBe(200);
    expect(await assignee(other)).toBe('Sue');
  });

  it('lets a supervisor reassign, not an agent', async () => {
    await online(ann);
    const id = await escalate('Reassign Me');
    expect(await assignee(id)).toBe('Ann');
    const byAgent = await ann.post(`/api/staff/conversations/${id}/assign`, { staffId: bob.staff!.id });
    expect(byAgent.status).toBe(403);
    const bySupervisor = await sue.post(`/api/staff/conversations/${id}/assign`, { staffId: bob.staff!.id });
    expect(bySupervisor).toMatchObject({ status: 200, body: { conversation: { id, assignedStaffId: bob.staff!.id } } });
    expect(await assignee(id)).toBe('Bob');
    expect((await bob.post(`/api/staff/conversations/${id}/takeover`)).status).toBe(200);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: id, action: 'conversation.reassigned', actorId: sue.staff!.id } })).toBe(1);
    expect((await sue.post(`/api/staff/conversations/${id}/assign`, { staffId: 'nobody' })).status).toBe(404);
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('routing the waiting queue on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let kim: StaffClient;
  let ann: StaffClient;
  let bob: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    kim = await admin.createStaff('supervisor', 'Kim');
    ann = await admin.createStaff('agent', 'Ann');
    bob = await admin.createStaff('agent', 'Bob');
  });
  afterAll(async () => t?.close());

  /** A customer who writes `text` while nobody is online; the conversation waits unassigned. */
  async function waiting(name: string, text: string, before?: (customerId: string) => Promise<void>): Promise<string> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await before?.(customer.customerId);
    expect((await customer.send(text)).conversation.status).toBe('queued');
    const row = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(row.assignedStaffId).toBeNull();
    return row.id;
  }

  async function assignees(ids: string[]): Promise<(string | null)[]> {
    const rows = await t.app.database.db.conversation.findMany({ where: { id: { in: ids } }, include: { assignedStaff: true } });
    return ids.map((id) => rows.find((r) => r.id === id)?.assignedStaff?.name ?? null);
  }

  it('routes conversations already waiting when someone comes online: most urgent first, then longest waiting, one at a time up to capacity', async () => {
    const first = await waiting('Early Asker', 'I want to talk to a person');
    const urgent = await waiting('Smoke Report', 'my heater is smoking and there are sparks');
    const second = await waiting('Late Asker', 'I want to talk to a person');
    expect((await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 2 })).status).toBe(200);

    const staffEvents = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: ann.cookie, ready: 'ready' });
    try {
      expect((await ann.patch('/api/staff/me', { online: true })).status).toBe(200);
      expect(await assignees([urgent, first, second])).toEqual(['Ann', null, null]);
      // The next once she opened the first.
      expect((await ann.post(`/api/staff/conversations/${urgent}/read`)).status).toBe(200);
      expect(await assignees([urgent, first, second])).toEqual(['Ann', 'Ann', null]);
      // Consoles refresh their queue: the assignment is announced, and it is no new escalation.
      const announced = await staffEvents.waitFor((e) => e.event === 'queue' && (e.data as { conversationId: string }).conversationId === first);
      expect(announced.data).toMatchObject({ status: 'queued', escalated: false });
    } finally {
      staffEvents.close();
    }
    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: urgent, action: 'conversation.assigned' } });
    expect(JSON.parse(audit.details)).toMatchObject({ to: ann.staff!.id, rule: 'round_robin' });

    // The next one to come online with room takes the rest.
    expect((await bob.patch('/api/staff/me', { online: true })).status).toBe(200);
    expect(await assignees([second])).toEqual(['Bob']);
    for (const [who, id] of [
      [ann, first],
      [bob, second],
    ] as const)
      expect((await who.post(`/api/staff/conversations/${id}/read`)).status).toBe(200);
  });

  it('gives a waiting A-tier customer to their key account manager when they come online', async () => {
    for (const s of [ann, bob]) await s.patch('/api/staff/me', { online: false });
    const key = await waiting('Waiting Key Client', 'I want to talk to a person', async (customerId) => {
      expect((await admin.patch(`/api/staff/customers/${customerId}`, { tier: 'A', keyAccountManagerId: kim.staff!.id })).status).toBe(200);
    });
    const other = await waiting('Waiting Other', 'I want to talk to a person');
    expect((await kim.patch('/api/staff/me', { online: true })).status).toBe(200);
    // A supervisor takes only their own key accounts from routing; the rest waits for an agent.
    expect(await assignees([key, other])).toEqual(['Kim', null]);
    expect((await bob.patch('/api/staff/me', { online: true })).status).toBe(200);
    expect(await assignees([other])).toEqual(['Bob']);
  });

  it('never gives anyone more than their capacity when two instances assign at the same time', async () => {
    const db = t.app.database.db;
    const routing = new PrismaRoutingStore(db);
    for (const s of [ann, bob, kim]) await s.patch('/api/staff/me', { online: false });
    const ids = [await waiting('Race One', 'I want to talk to a person'), await waiting('Race Two', 'I want to talk to a person'), await waiting('Race Three', 'I want to talk to a person')];
    const agent = await admin.createStaff('agent', `Cap${randomUUID().slice(0, 4)}`);
    await admin.patch(`/api/staff/users/${agent.staff!.id}`, { capacity: 1 });
    // Online without the console's routing pass, so the assignments below are the only ones.
    await t.app.staff.update(agent.staff!.id, { online: true }, agent.staff!.id);
    // Three instances routing at once, each seeing the agent with room.
    const won = await Promise.all(ids.map((id) => routing.assignQueued(id, agent.staff!.id, 'round_robin', new Date())));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await db.conversation.count({ where: { assignedStaffId: agent.staff!.id, status: { in: ['queued', 'human'] } } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: { in: ids }, action: 'conversation.assigned' } })).toBe(1);
    // Nor to someone who is offline.
    await agent.patch('/api/staff/me', { online: false });
    await admin.patch(`/api/staff/users/${agent.staff!.id}`, { capacity: 10 });
    const free = ids.find((_, i) => !won[i])!;
    expect(await routing.assignQueued(free, agent.staff!.id, 'round_robin', new Date())).toBe(false);
  });
});
