// The follow-up view for supervisors (list by state, retry, cancel, all audited) and the BullMQ
// dashboard for admins only, tried by the wrong people and the wrong origins.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'jobs-admin@care.test', password: 'jobs admin password' };

describe.each<StoreKind>(['sqlite', 'postgres'])('follow-ups in the console on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sue');
    agent = await admin.createStaff('agent', 'Al');
    customerId = randomUUID();
    await t.app.database.db.customer.create({ data: { id: customerId, name: 'Jobs Customer', tier: 'B' } });
  });
  afterAll(async () => t?.close());

  async function followUp(status: string, dueInMs: number, extra: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    await t.app.database.db.followUp.create({ data: { id, customerId, kind: 'greeting', status, dueAt: new Date(Date.now() + dueInMs), dedupeKey: `test:${id}`, ...extra } });
    return id;
  }

  it('lists follow-ups by state for supervisors, not agents', async () => {
    const scheduled = await followUp('scheduled', 3_600_000);
    const due = await followUp('queued', -60_000);
    const failed = await followUp('failed', -3_600_000, { attempts: 5, lastError: 'sink answered 500' });
    expect((await agent.get('/api/staff/follow-ups')).status).toBe(403);
    const dueView = await supervisor.get<{ counts: Record<string, number>; followUps: { id: string; customer: { name: string } }[] }>('/api/staff/follow-ups?view=due');
    expect(dueView.status).toBe(200);
    expect(dueView.body.followUps.map((f) => f.id)).toContain(due);
    expect(dueView.body.followUps.find((f) => f.id === due)?.customer.name).toBe('Jobs Customer');
    expect(dueView.body.counts).toMatchObject({ scheduled: expect.any(Number), due: expect.any(Number), failed: expect.any(Number) });
    const failedView = await supervisor.get<{ followUps: { id: string; lastError: string; attempts: number }[] }>('/api/staff/follow-ups?view=failed&kind=greeting');
    expect(failedView.body.followUps.find((f) => f.id === failed)).toMatchObject({ lastError: 'sink answered 500', attempts: 5 });
    const scheduledView = await supervisor.get<{ followUps: { id: string }[] }>('/api/staff/follow-ups?view=scheduled');
    expect(scheduledView.body.followUps.map((f) => f.id)).toContain(scheduled);
    expect((await supervisor.get('/api/staff/follow-ups?view=everything')).status).toBe(400);
    expect((await supervisor.get('/api/staff/follow-ups?limit=100000')).status).toBe(400);
  });

  it('filters by kind, the chat ratings (kind rating) included', async () => {
    const rating = await followUp('scheduled', 3_600_000, { kind: 'rating' });
    const greeting = await followUp('scheduled', 3_600_000);
    const ratings = await supervisor.get<{ followUps: { id: string; kind: string }[] }>('/api/staff/follow-ups?view=scheduled&kind=rating');
    expect(ratings.status).toBe(200);
    expect(ratings.body.followUps.map((f) => f.id)).toContain(rating);
    expect(ratings.body.followUps.map((f) => f.id)).not.toContain(greeting);
    expect(ratings.body.followUps.every((f) => f.kind === 'rating')).toBe(true);
    expect((await supervisor.get('/api/staff/follow-ups?view=scheduled&kind=survey')).status).toBe(400);
  });

  it('shows a callback’s note and the conversation it was promised in', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Callback Person', locale: 'en' });
    await customer.send('I want to talk to a person');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const scheduled = await supervisor.post<{ followUp: { id: string } }>(`/api/staff/conversations/${conversation.id}/callbacks`, {
      dueAt: new Date(Date.now() + 7_200_000).toISOString(),
      note: 'Call about the cracked lid, ask for a photo',
    });
    expect(scheduled.status).toBe(201);
    const view = await supervisor.get<{ followUps: { id: string; note: string | null; conversationId: string | null }[] }>('/api/staff/follow-ups?view=scheduled&kind=callback');
    expect(view.body.followUps.find((f) => f.id === scheduled.body.followUp.id)).toMatchObject({ note: 'Call about the cracked lid, ask for a photo', conversationId: conversation.id });
    const greetings = await supervisor.get<{ followUps: { note: string | null }[] }>('/api/staff/follow-ups?view=scheduled&kind=greeting');
    expect(greetings.body.followUps.every((f) => f.note === null)).toBe(true);
  });

  it('retries a failed follow-up and cancels a pending one, audited; refuses what cannot be done', async () => {
    const failed = await followUp('failed', -60_000, { attempts: 5 });
    const retried = await supervisor.post(`/api/staff/follow-ups/${failed}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { followUp: { id: failed, status: 'scheduled' } } });
    expect(await t.app.database.db.followUp.findUniqueOrThrow({ where: { id: failed } })).toMatchObject({ status: 'scheduled', attempts: 0 });
    expect((await supervisor.post(`/api/staff/follow-ups/${failed}/retry`)).status).toBe(409);

    const pending = await followUp('scheduled', 3_600_000);
    expect(await supervisor.post(`/api/staff/follow-ups/${pending}/cancel`)).toMatchObject({ status: 200, body: { followUp: { status: 'cancelled' } } });
    const sent = await followUp('sent', -60_000);
    expect((await supervisor.post(`/api/staff/follow-ups/${sent}/cancel`)).status).toBe(409);
    const sending = await followUp('sending', -60_000);
    expect((await supervisor.post(`/api/staff/follow-ups/${sending}/cancel`)).status).toBe(409);
    expect((await supervisor.post('/api/staff/follow-ups/nope/cancel')).status).toBe(404);
    expect((await agent.post(`/api/staff/follow-ups/${pending}/retry`)).status).toBe(403);
    expect((await supervisor.request('POST', `/api/staff/follow-ups/${pending}/retry`, undefined, { csrf: null })).status).toBe(403);
    const audits = await t.app.database.db.auditLog.findMany({ where: { entityId: { in: [failed, pending] } }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ['followup.retried', supervisor.staff!.id],
      ['followup.cancelled', supervisor.staff!.id],
    ]);
  });

  it('shows the BullMQ dashboard to admins only, and takes actions only from its own origin', async () => {
    const anonymous = await fetch(`${t.baseUrl}/console/queues`);
    expect(anonymous.status).toBe(401);
    expect((await supervisor.get('/console/queues/api/queues')).status).toBe(403);
    const page = await fetch(`${t.baseUrl}/console/queues`, { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Follow-up jobs');
    const queues = await admin.get<{ queues: { name: string }[] }>('/console/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q) => q.name)).toContain('follow-ups');
    const forged = await admin.request('PUT', '/console/queues/api/queues/follow-ups/pause');
    expect(forged.status).toBe(403);
    const fromDashboard = (action: string) => fetch(`${t.baseUrl}/console/queues/api/queues/follow-ups/${action}`, { method: 'PUT', headers: { cookie: admin.cookie, origin: t.baseUrl } });
    expect((await fromDashboard('pause')).status).toBeLessThan(300);
    const paused = await admin.get<{ queues: { name: string; isPaused: boolean }[] }>('/console/queues/api/queues');
    expect(paused.body.queues.find((q) => q.name === 'follow-ups')?.isPaused).toBe(true);
    expect((await fromDashboard('resume')).status).toBeLessThan(300);
  });
});
