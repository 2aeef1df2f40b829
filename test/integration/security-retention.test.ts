// Retention: messages older than RETENTION_DAYS_MESSAGES are anonymised in batches (rows kept for
// the counts), the complaint keywords taken from such old messages and old settled webhook
// deliveries are deleted, audit entries older than RETENTION_DAYS_AUDIT are deleted, and nothing of a
// conversation still open or with a case still being worked is touched. The daily run is a BullMQ
// job scheduler; the sweep itself runs here with an explicit "now".

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bullPrefix } from '../../src/jobs/follow-up-queue.ts';
import { RETENTION_QUEUE, startRetentionJobs } from '../../src/jobs/retention-jobs.ts';
import { RetentionSweep } from '../../src/jobs/retention-sweep.ts';
import { SqlRetentionStore } from '../../src/store/retention-store.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const DAY = 24 * 3600 * 1000;
const logger = pino({ level: 'silent' });

describe.each<StoreKind>(['sqlite', 'postgres'])('retention on %s', (store) => {
  let t: TestApp;
  const now = new Date('2030-06-01T12:00:00Z');
  const old = new Date(now.getTime() - 800 * DAY);
  const recent = new Date(now.getTime() - 10 * DAY);

  beforeAll(async () => {
    t = await startTestApp({ store });
  });
  afterAll(async () => t?.close());

  /** A conversation of a new customer with `count` messages at `at` (text, NLU and buttons set), and maybe a case. */
  async function conversationWith(options: { status: string; caseStatus?: string; count: number; at: Date }): Promise<string> {
    const { db } = t.app.database;
    const customerId = randomUUID();
    const identityId = randomUUID();
    const conversationId = randomUUID();
    await db.customer.create({ data: { id: customerId, name: 'Li Na', phone: '+8613812345678' } });
    await db.channelIdentity.create({ data: { id: identityId, channel: 'webchat', externalId: randomUUID(), customerId } });
    await db.conversation.create({
      data: { id: conversationId, customerId, identityId, channel: 'webchat', status: options.status, createdAt: options.at, closedAt: options.status === 'closed' ? options.at : null },
    });
    for (let i = 0; i < options.count; i += 1) {
      await db.message.create({
        data: { conversationId, direction: 'in', author: 'customer', text: `my address is 1 Long Road, message ${i}`, nlu: '{"intent":"other"}', choices: '["Yes"]', createdAt: options.at },
      });
    }
    if (options.caseStatus) {
      const caseId = randomUUID();
      await db.case.create({ data: { id: caseId, customerId, conversationId, category: 'delivery', emotion: 'calm', status: options.caseStatus, createdAt: options.at } });
      for (const keyword of ['long', 'road']) await db.caseKeyword.create({ data: { caseId, keyword, createdAt: options.at } });
    }
    return conversationId;
  }

  async function textsOf(conversationId: string) {
    return t.app.database.db.message.findMany({ where: { conversationId }, orderBy: { id: 'asc' }, select: { text: true, nlu: true, choices: true } });
  }

  it('anonymises old messages of closed conversations in batches, keeps open cases and open conversations, deletes old audit entries', async () => {
    const { db } = t.app.database;
    const closedPlain = await conversationWith({ status: 'closed', count: 5, at: old });
    await db.message.create({ data: { conversationId: closedPlain, direction: 'in', author: 'customer', text: 'still recent', createdAt: recent } });
    const closedCaseDone = await conversationWith({ status: 'closed', caseStatus: 'closed', count: 2, at: old });
    const closedCaseFulfilled = await conversationWith({ status: 'closed', caseStatus: 'fulfilled', count: 1, at: old });
    const openCase = await conversationWith({ status: 'closed', caseStatus: 'reopened', count: 3, at: old });
    const stillOpen = await conversationWith({ status: 'bot', count: 2, at: old });
    const recentCase = await conversationWith({ status: 'bot', caseStatus: 'open', count: 1, at: recent });
    await db.webhookEndpoint.create({ data: { id: 'retention-endpoint', url: 'https://hooks.example.com/care', events: '[]', secret: 'whsec_test', updatedAt: old } });
    const delivery = (id: string, status: string, at: Date) =>
      db.webhookDelivery.create({
        data: { id, endpointId: 'retention-endpoint', messageId: id, eventType: 'case.created', payload: '{"data":{"customerId":"c"}}', status, createdAt: at, updatedAt: at },
      });
    // Settled long ago: go. Still pending, or settled lately: stay.
    await Promise.all([delivery('d-old-delivered', 'delivered', old), delivery('d-old-failed', 'failed', old), delivery('d-old-pending', 'pending', old), delivery('d-recent', 'delivered', recent)]);
    for (const at of [old, old, new Date(now.getTime() - 1200 * DAY), new Date(now.getTime() - 1100 * DAY), recent]) {
      await db.auditLog.create({ data: { id: randomUUID(), actorType: 'system', action: 'test.entry', entity: 'Test', entityId: 'x', createdAt: at } });
    }

    const sweep = new RetentionSweep({ store: new SqlRetentionStore(t.app.database.sql), logger, messageDays: 730, auditDays: 1095, ratingAskWithinMs: 4 * 3600 * 1000, batchSize: 2 });
    const report = await sweep.run(now);

    expect(report).toEqual({
      messagesAnonymised: 8,
      caseKeywordsDeleted: 6,
      webhookDeliveriesDeleted: 2,
      ratingCommentsCleared: 0,
      ratingsExpired: 0,
      auditEntriesDeleted: 2,
      messagesBefore: new Date(now.getTime() - 730 * DAY).toISOString(),
      auditBefore: new Date(now.getTime() - 1095 * DAY).toISOString(),
    });
    const expired = { text: '[expired]', nlu: null, choices: null };
    expect(await textsOf(closedPlain)).toEqual([...Array(5).fill(expired), { text: 'still recent', nlu: null, choices: null }]);
    expect(await textsOf(closedCaseDone)).toEqual([expired, expired]);
    expect(await textsOf(closedCaseFulfilled)).toEqual([expired]);
    for (const kept of [openCase, stillOpen]) expect((await textsOf(kept)).every((m) => m.text.startsWith('my address is') && m.nlu !== null)).toBe(true);
    // Keywords of the old cases went (open or not: the crisis baseline needs weeks); the recent case's stay.
    const keywordsLeft = await db.caseKeyword.findMany({ select: { case: { select: { conversationId: true } } } });
    expect(keywordsLeft.map((row) => row.case.conversationId)).toEqual([recentCase, recentCase]);
    expect((await db.webhookDelivery.findMany({ orderBy: { id: 'asc' } })).map((d) => d.id)).toEqual(['d-old-pending', 'd-recent']);
    expect(await db.auditLog.count({ where: { action: 'test.entry' } })).toBe(3);
    const run = await db.auditLog.findFirstOrThrow({ where: { action: 'retention.run' } });
    expect(JSON.parse(run.details)).toMatchObject({ messagesAnonymised: 8, auditEntriesDeleted: 2 });

    // Done is done: a second run finds nothing more.
    expect(await sweep.run(now)).toMatchObject({ messagesAnonymised: 0, caseKeywordsDeleted: 0, webhookDeliveriesDeleted: 0, auditEntriesDeleted: 0 });
  });

  it('runs the sweep as a daily BullMQ job scheduler, worked by the job worker', async () => {
    const prefix = `test:${randomUUID()}:`;
    const redisUrl = inject('redisUrl');
    const sweep = new RetentionSweep({ store: new SqlRetentionStore(t.app.database.sql), logger, messageDays: 730, auditDays: 1095, ratingAskWithinMs: 4 * 3600 * 1000 });
    const jobs = startRetentionJobs({ redisUrl, redisPrefix: prefix, sweep, logger, clock: () => now, timeZone: 'Asia/Shanghai' });
    const events = new QueueEvents(RETENTION_QUEUE, { connection: { url: redisUrl }, prefix: bullPrefix(prefix) });
    try {
      await jobs.scheduled;
      const schedulers = await jobs.queue.getJobSchedulers();
      expect(schedulers).toEqual([expect.objectContaining({ key: 'retention-daily', pattern: '17 3 * * *', tz: 'Asia/Shanghai' })]);
      await events.waitUntilReady();
      const job = await jobs.queue.add('sweep', {});
      const report = (await job.waitUntilFinished(events)) as { messagesAnonymised: number; auditEntriesDeleted: number };
      expect(report).toMatchObject({ messagesAnonymised: expect.any(Number), auditEntriesDeleted: expect.any(Number) });
    } finally {
      await events.close();
      await jobs.queue.obliterate({ force: true });
      await jobs.close();
    }
  });
});
