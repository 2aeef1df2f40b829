// Computed segments over HTTP on both stores: customers and orders seeded in the database, an
// admin recomputes, and each card gets its ABC tier, lifecycle stage and loyalty with the rule
// that fired; every change is in the history; a supervisor pins and unpins a tier (audited); an
// A-tier customer without a key account manager is listed; the nightly job scheduler is declared.

import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bullPrefix } from '../../src/jobs/follow-up-queue.ts';
import { SEGMENTS_QUEUE, SEGMENTS_SCHEDULER_ID } from '../../src/jobs/segment-jobs.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'segments-boss@care.test', password: 'segments boss password' };
const DAY = 24 * 3600 * 1000;

interface Reason {
  rule: string;
  zh: string;
  en: string;
}
interface Recomputed {
  customers: number;
  changed: { tier: number; lifecycle: number; loyalty: number };
  needKeyAccountManager: number;
}
interface Change {
  kind: string;
  from: string;
  to: string;
  reason: Reason;
  actor: string;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('computed segments on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;
  const ago = (days: number) => new Date(Date.now() - days * DAY);

  async function customer(id: string, createdDaysAgo: number, extra: { lastContactAt?: Date; erasedAt?: Date } = {}): Promise<string> {
    await t.app.database.db.customer.create({ data: { id, name: id, createdAt: ago(createdDaysAgo), ...extra } });
    return id;
  }

  async function order(customerId: string, yuan: number, daysAgo: number, status = 'completed'): Promise<void> {
    await t.app.database.db.order.create({
      data: { id: randomUUID(), number: `SEG${randomUUID().slice(0, 12)}`, customerId, amountCents: yuan * 100, placedAt: ago(daysAgo), status, source: 'staff' },
    });
  }

  async function unsatisfiedRevisit(customerId: string, daysAgo: number): Promise<void> {
    const db = t.app.database.db;
    const identity = await db.channelIdentity.create({ data: { id: randomUUID(), channel: 'webchat', externalId: randomUUID(), customerId } });
    const conversation = await db.conversation.create({ data: { id: randomUUID(), customerId, identityId: identity.id, channel: 'webchat' } });
    const complaint = await db.case.create({ data: { id: randomUUID(), customerId, conversationId: conversation.id, category: 'delivery', emotion: 'annoyed', status: 'closed' } });
    await db.survey.create({ data: { id: randomUUID(), caseId: complaint.id, customerId, score: 2, satisfied: false, createdAt: ago(daysAgo) } });
  }

  const card = (id: string) => t.app.database.db.customer.findUniqueOrThrow({ where: { id } });
  const reason = (text: string | null) => JSON.parse(text ?? 'null') as Reason;
  const history = async (id: string) => (await agent.get<{ changes: Change[] }>(`/api/staff/customers/${id}/segment-history`)).body.changes;
  const waitingForManager = async () => (await agent.get<{ customers: { id: string }[]; total: number }>('/api/staff/segments/needs-key-account-manager')).body;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sue');
    agent = await admin.createStaff('agent', 'Al');

    // Buys every month for over a year: the bulk of the revenue, regular, long-standing.
    await customer('whale', 420, { lastContactAt: ago(3) });
    for (let days = 15; days <= 375; days += 30) await order('whale', 5000, days);
    await order('whale', 100_000, 5, 'refunded');
    // Two recent orders: growing, too new to judge loyalty.
    await customer('mid', 60);
    await order('mid', 4000, 20);
    await order('mid', 4000, 50);
    // Two orders most of a year ago and none since, though still in touch.
    await customer('small', 400, { lastContactAt: ago(10) });
    await order('small', 1000, 300);
    await order('small', 1000, 250);
    // One order, then unsatisfied at the revisit.
    await customer('tiny', 20, { lastContactAt: ago(5) });
    await order('tiny', 500, 10);
    await unsatisfiedRevisit('tiny', 5);
    // Never bought, not heard of for over a year.
    await customer('silent', 400);
    // Only a cancelled order.
    await customer('cancelled', 5);
    await order('cancelled', 100_000, 2, 'cancelled');
    // Erased on request: neither computed nor counted in the revenue.
    await customer('erased', 400, { erasedAt: ago(1) });
    await order('erased', 1_000_000, 30);
  });
  afterAll(async () => t?.close());

  it('computes tier, lifecycle and loyalty from the orders, with the rule that fired', async () => {
    const run = await admin.post<Recomputed>('/api/staff/segments/recompute');
    expect(run).toMatchObject({ status: 200, body: { customers: 6, changed: { tier: 2, lifecycle: 5, loyalty: 2 }, needKeyAccountManager: 1 } });

    const whale = await card('whale');
    expect(whale).toMatchObject({ tier: 'A', lifecycleStage: 'stability', loyalty: 'loyal', purchaseTotalCents: 12 * 5000 * 100 });
    expect(reason(whale.tierReason)).toMatchObject({ rule: 'pareto_top', en: expect.stringContaining('first 80% of revenue'), zh: expect.stringContaining('前 80%') });
    expect(reason(whale.lifecycleReason)).toMatchObject({ rule: 'stable_regular_orders' });
    expect(reason(whale.loyaltyReason)).toMatchObject({ rule: 'regular_repeat' });
    expect(whale.segmentsComputedAt).toBeInstanceOf(Date);

    expect(await card('mid')).toMatchObject({ tier: 'B', lifecycleStage: 'formation', loyalty: 'none', purchaseTotalCents: 800_000 });
    expect(reason((await card('mid')).loyaltyReason).rule).toBe('too_new');
    const small = await card('small');
    expect(small).toMatchObject({ tier: 'C', lifecycleStage: 'decline', loyalty: 'switching' });
    expect([reason(small.lifecycleReason).rule, reason(small.loyaltyReason).rule]).toEqual(['falling_volume', 'irregular_repeat']);
    const tiny = await card('tiny');
    expect(tiny).toMatchObject({ tier: 'C', lifecycleStage: 'decline', loyalty: 'none' });
    expect(reason(tiny.lifecycleReason)).toMatchObject({ rule: 'unsatisfied_revisit', en: expect.stringContaining('Unsatisfied at the revisit') });
    expect(reason((await card('silent')).lifecycleReason).rule).toBe('long_silence');
    const cancelled = await card('cancelled');
    expect(cancelled).toMatchObject({ tier: 'C', lifecycleStage: 'exploration', purchaseTotalCents: 0 });
    expect(reason(cancelled.tierReason).rule).toBe('no_purchases');
    expect(await card('erased')).toMatchObject({ tier: 'C', segmentsComputedAt: null, tierReason: null });

    expect(await history('whale')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'tier', from: 'C', to: 'A', actor: 'system', reason: expect.objectContaining({ rule: 'pareto_top' }) }),
        expect.objectContaining({ kind: 'lifecycle', from: 'exploration', to: 'stability', actor: 'system' }),
        expect.objectContaining({ kind: 'loyalty', from: 'none', to: 'loyal', actor: 'system' }),
      ]),
    );
    expect(await history('cancelled')).toEqual([]);
    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { action: 'segments.recomputed', actorId: admin.staff!.id } });
    expect(JSON.parse(audit.details)).toMatchObject({ customers: 6, changed: { tier: 2 } });
  });

  it('lists an A-tier customer without a key account manager until one is assigned', async () => {
    expect(await waitingForManager()).toEqual({ customers: [expect.objectContaining({ id: 'whale', tier: 'A', tierReason: expect.objectContaining({ rule: 'pareto_top' }) })], total: 1 });
    await t.app.database.db.customer.update({ where: { id: 'whale' }, data: { keyAccountManagerId: supervisor.staff!.id } });
    expect(await waitingForManager()).toEqual({ customers: [], total: 0 });
  });

  it('records nothing new when nothing changed', async () => {
    const before = await t.app.database.db.segmentChange.count();
    const run = await admin.post<Recomputed>('/api/staff/segments/recompute');
    expect(run.body).toMatchObject({ customers: 6, changed: { tier: 0, lifecycle: 0, loyalty: 0 }, needKeyAccountManager: 0 });
    expect(await t.app.database.db.segmentChange.count()).toBe(before);
  });

  it('lets a supervisor pin a tier with a reason: kept through recomputation, audited, in the history', async () => {
    const pinned = await supervisor.post<{ customer: { tier: string; tierPinned: boolean; tierReason: Reason } }>('/api/staff/customers/mid/tier-pin', {
      tier: 'A',
      reason: 'Signed a yearly contract',
    });
    expect(pinned).toMatchObject({ status: 200, body: { customer: { tier: 'A', tierPinned: true, tierReason: { rule: 'pinned', en: 'Pinned to A by Sue: Signed a yearly contract' } } } });
    expect(await t.app.database.db.auditLog.count({ where: { action: 'customer.tier_pinned', entityId: 'mid', actorId: supervisor.staff!.id } })).toBe(1);
    expect((await history('mid'))[0]).toMatchObject({ kind: 'tier', from: 'B', to: 'A', actor: `staff:${supervisor.staff!.id}`, reason: { rule: 'pinned' } });
    // A pinned A customer needs a key account manager too.
    expect((await waitingForManager()).customers.map((c) => c.id)).toEqual(['mid']);

    const run = await admin.post<Recomputed>('/api/staff/segments/recompute');
    expect(run.body).toMatchObject({ changed: { tier: 0 }, needKeyAccountManager: 1 });
    expect(await card('mid')).toMatchObject({ tier: 'A', tierPinned: true });
    expect(reason((await card('mid')).tierReason).rule).toBe('pinned');

    const unpinned = await supervisor.request<{ customer: { tier: string; tierPinned: boolean; tierReason: Reason } }>('DELETE', '/api/staff/customers/mid/tier-pin');
    expect(unpinned).toMatchObject({ status: 200, body: { customer: { tier: 'A', tierPinned: false, tierReason: { rule: 'unpinned' } } } });
    expect(await t.app.database.db.auditLog.count({ where: { action: 'customer.tier_unpinned', entityId: 'mid', actorId: supervisor.staff!.id } })).toBe(1);
    expect((await admin.post<Recomputed>('/api/staff/segments/recompute')).body).toMatchObject({ changed: { tier: 1 }, needKeyAccountManager: 0 });
    expect(await card('mid')).toMatchObject({ tier: 'B', tierPinned: false });
    expect((await history('mid'))[0]).toMatchObject({ kind: 'tier', from: 'A', to: 'B', actor: 'system', reason: { rule: 'pareto_middle' } });
  });

  it('pins a tier a supervisor sets on the profile card, and the card shows each segment with its reason in both languages', async () => {
    const before = (await card('small')).tier;
    const target = before === 'A' ? 'B' : 'A';
    expect((await supervisor.patch('/api/staff/customers/small', { tier: target })).status).toBe(200);
    expect(await card('small')).toMatchObject({ tier: target, tierPinned: true });
    expect((await history('small'))[0]).toMatchObject({ kind: 'tier', from: before, to: target, actor: `staff:${supervisor.staff!.id}`, reason: { rule: 'pinned' } });
    await admin.post<Recomputed>('/api/staff/segments/recompute');
    const shown = await agent.get<{ customer: { business: Record<string, { rule: string; zh: string; en: string } | string | boolean> } }>('/api/staff/customers/small');
    expect(shown.body.customer.business).toMatchObject({ tier: target, tierPinned: true, tierReason: { rule: 'pinned', en: expect.stringContaining('Sue'), zh: expect.stringContaining('Sue') } });
    expect(shown.body.customer.business.lifecycleReason).toMatchObject({ rule: expect.any(String), zh: expect.any(String), en: expect.any(String) });

    expect((await supervisor.request('DELETE', '/api/staff/customers/small/tier-pin')).status).toBe(200);
    await admin.post<Recomputed>('/api/staff/segments/recompute');
    expect(await card('small')).toMatchObject({ tier: before, tierPinned: false });
  });

  it('keeps recomputing to admins and pinning to supervisors, with readable refusals', async () => {
    expect((await agent.post('/api/staff/segments/recompute')).status).toBe(403);
    expect((await supervisor.post('/api/staff/segments/recompute')).status).toBe(403);
    expect((await admin.request('POST', '/api/staff/segments/recompute', undefined, { csrf: null })).status).toBe(403);
    expect((await agent.post('/api/staff/customers/small/tier-pin', { tier: 'A', reason: 'friend of the boss' })).status).toBe(403);
    expect((await agent.request('DELETE', '/api/staff/customers/small/tier-pin')).status).toBe(403);
    expect(await supervisor.post('/api/staff/customers/small/tier-pin', { tier: 'D', reason: 'typo' })).toMatchObject({ status: 400 });
    expect(await supervisor.post('/api/staff/customers/small/tier-pin', { tier: 'A', reason: ' ' })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('say why') } } });
    expect(await supervisor.post('/api/staff/customers/nobody/tier-pin', { tier: 'A', reason: 'no such card' })).toMatchObject({ status: 404 });
    expect(await supervisor.post('/api/staff/customers/erased/tier-pin', { tier: 'A', reason: 'erased card' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await agent.get('/api/staff/customers/nobody/segment-history')).status).toBe(404);
    expect((await card('small')).tierPinned).toBe(false);
  });

  it('answers 409 while another recomputation holds the lock', async () => {
    const lock = `${t.app.config.REDIS_PREFIX}segments:recompute-lock`;
    const redis = new (await import('ioredis')).Redis(t.app.redisUrl);
    try {
      await redis.set(lock, 'another-run', 'PX', 60_000);
      expect(await admin.post('/api/staff/segments/recompute')).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('right now') } } });
    } finally {
      await redis.del(lock);
      redis.disconnect();
    }
    expect((await admin.post('/api/staff/segments/recompute')).status).toBe(200);
  });

  it('declares the recomputation as a job scheduler where the jobs run, and works its jobs', async () => {
    const jobsApp = await startTestApp({ store, env: { JOBS_IN_PROCESS: 'true', SEGMENTS_RECOMPUTE_CRON: '15 4 * * *', STAFF_TIMEZONE: 'Europe/Berlin' } });
    const connection = { url: inject('redisUrl') };
    const prefix = bullPrefix(jobsApp.app.config.REDIS_PREFIX);
    const queue = new Queue(SEGMENTS_QUEUE, { connection, prefix });
    const events = new QueueEvents(SEGMENTS_QUEUE, { connection, prefix });
    try {
      await expect.poll(() => queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: SEGMENTS_SCHEDULER_ID, pattern: '15 4 * * *', tz: 'Europe/Berlin' })]);
      await jobsApp.app.database.db.customer.create({ data: { id: 'scheduled-one', name: 'Scheduled' } });
      await events.waitUntilReady();
      const job = await queue.add('recompute', {});
      expect(await job.waitUntilFinished(events)).toMatchObject({ customers: 1 });
      expect((await jobsApp.app.database.db.customer.findUniqueOrThrow({ where: { id: 'scheduled-one' } })).segmentsComputedAt).toBeInstanceOf(Date);
    } finally {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await jobsApp.close();
    }
  });
});
