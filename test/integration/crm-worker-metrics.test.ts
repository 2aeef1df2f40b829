// `npm run worker`'s process serves its own metrics on WORKER_METRICS_PORT: the follow-ups it ran
// by kind and status, and the process metrics, under the same access rules as the app's /metrics.

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../src/jobs/worker-process.ts';
import { freePort } from '../../src/redis/embedded-redis.ts';
import { ANY_HOUR_ENV, SPRING_FESTIVAL } from '../support/follow-up-fixtures.ts';
import { PrometheusText } from '../support/prometheus-text.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const TOKEN = 'worker-metrics-token-0123456789';

describe('the worker process’s metrics', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { FOLLOWUP_RELAY_INTERVAL_MS: '100', ...ANY_HOUR_ENV } });
    port = await freePort();
    worker = await startWorkerProcess(
      { ...t.app.config, REDIS_URL: t.app.redisUrl, WORKER_METRICS_PORT: port },
      { logger: pino({ level: 'silent' }), parts: { worker: true, relay: true, planner: false } },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function scrape(): Promise<PrometheusText> {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return new PrometheusText(await response.text());
  }

  it('answers on WORKER_METRICS_PORT with the follow-ups it sent and the process metrics', async () => {
    expect(worker.metricsUrl).toBe(`http://127.0.0.1:${port}`);
    expect((await scrape()).value('care_followups_total', { kind: 'greeting', status: 'sent' })).toBe(0);
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Worker Greeted', locale: 'en' });
    await customer.send('Hello');
    const id = randomUUID();
    await t.app.database.db.followUp.create({
      data: { id, customerId: customer.customerId, kind: 'greeting', dueAt: new Date(Date.now() - 1000), dedupeKey: `greeting:worker-metrics:${id}`, payload: JSON.stringify(SPRING_FESTIVAL) },
    });
    await expect.poll(() => t.app.database.db.followUp.findUniqueOrThrow({ where: { id } }).then((f) => f.status)).toBe('sent');
    await expect.poll(async () => (await scrape()).value('care_followups_total', { kind: 'greeting', status: 'sent' })).toBe(1);
    const metrics = await scrape();
    expect(metrics.declares('process_resident_memory_bytes') || metrics.declares('nodejs_heap_size_used_bytes')).toBe(true);
    // The worker runs no conversations: their metrics are the app's alone.
    expect(metrics.declares('care_messages_total')).toBe(false);
  });

  it('refuses a client behind a proxy, and answers other paths with 404', async () => {
    const relayed = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(relayed.status).toBe(403);
    expect(await relayed.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/loopback only/) } });
    const elsewhere = await fetch(`http://127.0.0.1:${port}/`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('the worker process’s metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    port = await freePort();
    worker = await startWorkerProcess(
      { ...t.app.config, REDIS_URL: t.app.redisUrl, WORKER_METRICS_PORT: port, METRICS_TOKEN: TOKEN },
      { logger: pino({ level: 'silent' }), parts: { worker: true, relay: false, planner: false } },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('serves the right token, answers a wrong one and none with 401', async () => {
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const wrong = await fetch(url, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('is not started without WORKER_METRICS_PORT', async () => {
    const plain = await startWorkerProcess({ ...t.app.config, REDIS_URL: t.app.redisUrl }, { logger: pino({ level: 'silent' }), parts: { worker: false, relay: false, planner: false } });
    try {
      expect(plain.metricsUrl).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
