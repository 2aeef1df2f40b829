// Routing hands an online person one conversation at a time: the next only once they open the last
// (a read by its assignee, or a takeover), key account managers included, capacity still counting
// the whole load; every assignment records when it was made. An assignment left unopened for
// ASSIGNMENT_TIMEOUT_MS returns to the queue (audited, announced) and goes to someone else when
// anyone else has room. The test moves the app's clock and runs the timeout pass itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAssignmentExpiryStore } from '../../src/store/assignment-expiry-store.ts';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'one-at-a-time@care.test', password: 'one at a time password' };
const MINUTE = 60_000;

describe.each<StoreKind>(['sqlite', 'postgres'])('routing one conversation at a time on %s', (store) => {
  let t: TestApp;
  let now = new Date('2026-12-07T09:00:00.000Z');
  let admin: StaffClient;
  let ann: StaffClient;
  let bob: StaffClient;
  let kim: StaffClient;

  const later = (ms = 1000) => (now = new Date(now.getTime() + ms));

  beforeAll(async () => {
    t = await startTestApp({ store, clock: () => now, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ASSIGNMENT_TIMEOUT_MS: String(5 * MINUTE) } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    ann = await admin.createStaff('agent', 'Ann');
    bob = await admin.createStaff('agent', 'Bob');
    kim = await admin.createStaff('supervisor', 'Kim');
  });
  afterAll(async () => t?.close());

  /** Nobody online and nothing left with people, so each test starts from an empty queue. */
  async function reset(): Promise<void> {
    for (const s of [ann, bob, kim]) expect((await s.patch('/api/staff/me', { online: false })).status).toBe(200);
    await t.app.database.db.conversation.updateMany({ where: { status: { in: ['queued', 'human'] } }, data: { status: 'closed', assignedStaffId: null } });
  }

  async function waiting(name: string, before?: (customerId: string) => Promise<void>): Promise<string> {
    later();
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await before?.(customer.customerId);
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    return (await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } })).id;
  }

  async function assignees(ids: string[]): Promise<(string | null)[]> {
    const rows = await t.app.database.db.conversation.findMany({ where: { id: { in: ids } }, include: { assignedStaff: true } });
    return ids.map((id) => rows.find((r) => r.id === id)?.assignedStaff?.name ?? null);
  }

  const row = (id: string) => t.app.database.db.conversation.findUniqueOrThrow({ where: { id } });
  const read = (who: StaffClient, id: string) => who.post<{ read: boolean; opened: boolean }>(`/api/staff/conversations/${id}/read`);

  it('gives someone coming online one waiting conversation, and the next when they open it', async () => {
    await reset();
    const first = await waiting('One First');
    const second = await waiting('One Second');
    const third = await waiting('One Third');
    later();
    expect((await ann.patch('/api/staff/me', { online: true })).status).toBe(200);
    expect(await assignees([first, second, third])).toEqual(['Ann', null, null]);
    expect(await row(first)).toMatchObject({ assignedAt: now, assignmentOpenedAt: null });

    // Someone else reading it opens nothing.
    expect((await read(bob, first)).body).toEqual({ read: true, opened: false });
    expect(await assignees([second])).toEqual([null]);

    const events = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: admin.cookie, ready: 'ready' });
    try {
      later();
      expect((await read(ann, first)).body).toEqual({ read: true, opened: true });
      expect(await row(first)).toMatchObject({ assignmentOpenedAt: now });
      expect(await assignees([first, second, third])).toEqual(['Ann', 'Ann', null]);
      const announced = await events.waitFor((e) => e.event === 'queue' && (e.data as { conversationId: string }).conversationId === second);
      expect(announced.data).toMatchObject({ status: 'queued', escalated: false });
    } finally {
      events.close();
    }
    // A second read of an opened one routes nothing more.
    expect((await read(ann, first)).body).toEqual({ read: true, opened: false });
    expect(await assignees([third])).toEqual([null]);

    // Taking the unopened one over opens it too: the third follows.
    expect((await ann.post(`/api/staff/conversations/${second}/takeover`)).status).toBe(200);
    expect(await row(second)).toMatchObject({ status: 'human', assignmentOpenedAt: now });
    expect(await assignees([third])).toEqual(['Ann']);
  });

  it('still counts capacity over the whole load, opened or not', async () => {
    await reset();
    expect((await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 1 })).status).toBe(200);
    const first = await waiting('Cap First');
    const second = await waiting('Cap Second');
    await ann.patch('/api/staff/me', { online: true });
    expect(await assignees([first, second])).toEqual(['Ann', null]);
    expect((await read(ann, first)).body.opened).toBe(true);
    expect(await assignees([second])).toEqual([null]);
    await admin.patch(`/api/staff/users/${ann.staff!.id}`, { capacity: 5 });
  });

  it('gives a key account manager one unopened conversation at a time too', async () => {
    await reset();
    const key = (customerId: string) => admin.patch(`/api/staff/customers/${customerId}`, { tier: 'A', keyAccountManagerId: kim.staff!.id }).then((r) => expect(r.status).toBe(200));
    const first = await waiting('Key First', key);
    const second = await waiting('Key Second', key);
    await kim.patch('/api/staff/me', { online: true });
    expect(await assignees([first, second])).toEqual(['Kim', null]);
    // A new escalation of another key customer meanwhile goes to an agent with room, not to Kim.
    await bob.patch('/api/staff/me', { online: true });
    expect(await assignees([second])).toEqual(['Bob']);
    const third = await waiting('Key Third', key);
    expect(await assignees([third])).toEqual([null]);
    expect((await read(kim, first)).body.opened).toBe(true);
    expect(await assignees([third])).toEqual(['Kim']);
  });

  it('records a supervisor’s assignment as a new, unopened one', async () => {
    await reset();
    const id = await waiting('Handed Over');
    later();
    expect((await kim.post(`/api/staff/conversations/${id}/assign`, { staffId: bob.staff!.id })).status).toBe(200);
    expect(await row(id)).toMatchObject({ assignedStaffId: bob.staff!.id, assignedAt: now, assignmentOpenedAt: null });
  });

  it('records a follow-up task queued for its staff member as an assignment, which times out like any other', async () => {
    await reset();
    const db = t.app.database.db;
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Task Customer', locale: 'en' });
    await customer.send('hello');
    const identity = await db.channelIdentity.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const followUpId = `task-${identity.id}`;
    await db.followUp.create({ data: { id: followUpId, customerId: customer.customerId, kind: 'outreach', dueAt: now, status: 'sending', dedupeKey: followUpId, staffId: bob.staff!.id } });
    later();
    const target = { identityId: identity.id, channel: identity.channel, externalId: identity.externalId };
    const queued = await t.app.followUps.recordTask(followUpId, { summary: 'call the customer', target, queue: { reason: 'followup_task', priority: 1, staffId: bob.staff!.id } }, now);
    expect(queued).not.toBeNull();
    expect(await row(queued!)).toMatchObject({ status: 'queued', assignedStaffId: bob.staff!.id, assignedAt: now, assignmentOpenedAt: null });
    later(5 * MINUTE);
    expect(await t.app.assignmentExpiry.check()).toEqual([{ conversationId: queued, from: bob.staff!.id, to: null }]);
  });

  it('returns an assignment nobody opened in time to the queue and gives it to someone else', async () => {
    await reset();
    const lapsing = await waiting('Lapsing');
    await ann.patch('/api/staff/me', { online: true });
    expect(await assignees([lapsing])).toEqual(['Ann']);
    await bob.patch('/api/staff/me', { online: true });
    const assignedAt = (await row(lapsing)).assignedAt!;

    now = new Date(assignedAt.getTime() + 5 * MINUTE - 1000);
    expect(await t.app.assignmentExpiry.check()).toEqual([]);

    const events = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: admin.cookie, ready: 'ready' });
    try {
      now = new Date(assignedAt.getTime() + 5 * MINUTE);
      expect(await t.app.assignmentExpiry.check()).toEqual([{ conversationId: lapsing, from: ann.staff!.id, to: bob.staff!.id }]);
      const announced = await events.waitFor((e) => e.event === 'queue' && (e.data as { conversationId: string }).conversationId === lapsing);
      expect(announced.data).toMatchObject({ status: 'queued', escalated: false });
    } finally {
      events.close();
    }
    expect(await row(lapsing)).toMatchObject({ status: 'queued', assignedStaffId: bob.staff!.id, assignedAt: now, assignmentOpenedAt: null });
    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: lapsing, action: 'conversation.assignment_expired' } });
    expect(audit.actorType).toBe('system');
    expect(JSON.parse(audit.details)).toMatchObject({ from: ann.staff!.id, assignedAt: assignedAt.toISOString(), unopenedMs: 5 * MINUTE });
    // Nothing more to expire.
    expect(await t.app.assignmentExpiry.check()).toEqual([]);
  });

  it('gives a lapsed assignment back to the same person when nobody else has room', async () => {
    await reset();
    const id = await waiting('Only Ann');
    await ann.patch('/api/staff/me', { online: true });
    later(5 * MINUTE);
    expect(await t.app.assignmentExpiry.check()).toEqual([{ conversationId: id, from: ann.staff!.id, to: ann.staff!.id }]);
    expect(await row(id)).toMatchObject({ assignedStaffId: ann.staff!.id, assignedAt: now, assignmentOpenedAt: null });
    // Offline meanwhile: it waits unassigned.
    await ann.patch('/api/staff/me', { online: false });
    later(5 * MINUTE);
    expect(await t.app.assignmentExpiry.check()).toEqual([{ conversationId: id, from: ann.staff!.id, to: null }]);
    expect(await row(id)).toMatchObject({ assignedStaffId: null, assignedAt: null });
  });

  it('lets an open that races the timeout win, and leaves opened and held conversations alone', async () => {
    await reset();
    const opened = await waiting('Opened In Time');
    await ann.patch('/api/staff/me', { online: true });
    const held = await waiting('Held By Ann');
    expect((await ann.post(`/api/staff/conversations/${held}/takeover`)).status).toBe(200);
    const assignedAt = (await row(opened)).assignedAt!;
    later(5 * MINUTE);
    const expiry = new SqlAssignmentExpiryStore(t.app.database.sql);
    const cutoff = new Date(now.getTime() - 5 * MINUTE);
    const [lapsed] = await expiry.lapsedAssignments(cutoff, 10);
    expect(lapsed).toEqual({ conversationId: opened, staffId: ann.staff!.id, assignedAt });
    // Ann opens it between the pass's read and its compare-and-set.
    expect((await read(ann, opened)).body.opened).toBe(true);
    expect(await expiry.expireAssignment(lapsed!, cutoff, now)).toBe(false);
    expect(await t.app.assignmentExpiry.check()).toEqual([]);
    expect(await assignees([opened, held])).toEqual(['Ann', 'Ann']);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: { in: [opened, held] }, action: 'conversation.assignment_expired' } })).toBe(0);
  });
});

describe('the assignment timeout switched off', () => {
  let t: TestApp;
  let now = new Date('2026-12-07T09:00:00.000Z');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ASSIGNMENT_TIMEOUT_MS: '0' } });
  });
  afterAll(async () => t?.close());

  it('never returns an assignment to the queue', async () => {
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    const ann = await admin.createStaff('agent', 'Ann');
    await ann.patch('/api/staff/me', { online: true });
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Patient', locale: 'en' });
    await customer.send('I want to talk to a person');
    now = new Date(now.getTime() + 24 * 60 * MINUTE);
    expect(await t.app.assignmentExpiry.check()).toEqual([]);
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(conversation.assignedStaffId).toBe(ann.staff!.id);
  });
});
