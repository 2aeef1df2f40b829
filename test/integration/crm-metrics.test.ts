// GET /metrics on a running app: web chat messages in and out, turn durations, a handoff by
// reason, the queue length (one COUNT at scrape time, on SQLite and PostgreSQL), the in-process
// follow-ups, LLM calls, HTTP durations by route pattern and the process metrics; and who may scrape.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_HOUR_ENV, SPRING_FESTIVAL } from '../support/follow-up-fixtures.ts';
import { FakeLlm } from '../support/fake-llm.ts';
import { PrometheusText } from '../support/prometheus-text.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'metrics-boss@care.test', password: 'metrics boss password' };
const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<PrometheusText> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new PrometheusText(await response.text());
}

describe.each<StoreKind>(['sqlite', 'postgres'])('Prometheus metrics on %s', (store) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      store,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        FOLLOWUP_PLAN_INTERVAL_MS: String(24 * 60 * 60_000),
        ...ANY_HOUR_ENV,
      },
    });
  });
  afterAll(async () => t?.close());

  it('counts messages by channel and direction, turns, a handoff by reason and the queue, as the service runs', async () => {
    const fresh = await scrape(t.baseUrl);
    expect(fresh.value('care_messages_total', { channel: 'webchat', direction: 'in' })).toBe(0);
    expect(fresh.value('care_escalations_total', { reason: 'asked_for_person' })).toBe(0);
    expect(fresh.value('care_queue_length')).toBe(0);

    const waiting = await new WebchatCustomer(t.baseUrl).start({ name: 'Metrics Person', locale: 'en' });
    const hello = await waiting.send('Hello');
    const handoff = await waiting.send('I want to talk to a person');
    expect(handoff.conversation.status).toBe('queued');
    const other = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const messageId = randomUUID();
    const first = await other.send('What are your opening hours?', messageId);
    expect((await other.send('What are your opening hours?', messageId)).replies).toEqual(first.replies); // a resend: one message

    const after = await scrape(t.baseUrl);
    expect(after.value('care_messages_total', { channel: 'webchat', direction: 'in' })).toBe(3);
    expect(after.value('care_messages_total', { channel: 'webchat', direction: 'out' })).toBe(hello.replies.length + handoff.replies.length + first.replies.length);
    expect(after.value('care_turn_duration_seconds_count')).toBe(4);
    expect(after.value('care_turn_duration_seconds_sum')).toBeGreaterThan(0);
    expect(after.value('care_turn_duration_seconds_bucket', { le: '+Inf' })).toBe(4);
    expect(after.value('care_escalations_total', { reason: 'asked_for_person' })).toBe(1);
    expect(after.value('care_escalations_total', { reason: 'safety' })).toBe(0);
    expect(after.value('care_queue_length')).toBe(1);
    // Bounded label values: the known channels and `other`, never free text.
    expect(after.labelValues('care_messages_total', 'channel')).toEqual(['agents', 'botframework', 'other', 'telegram', 'terminal', 'webchat']);
  });

  it('counts what people write to the customer as messages out', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Staff Reply', locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const agent = await (await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password)).createStaff('agent', 'Mo');
    const before = (await scrape(t.baseUrl)).value('care_messages_total', { channel: 'webchat', direction: 'out' })!;
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/messages`, { text: 'Hello, Mo here. Let me look.' })).status).toBe(201);
    const notices = (await customer.history()).messages.filter((m) => m.author === 'staff' || m.author === 'system').length;
    expect(notices).toBe(2); // "a person joined" and Mo's message
    expect((await scrape(t.baseUrl)).value('care_messages_total', { channel: 'webchat', direction: 'out' })).toBe(before + notices);
  });

  it('counts the follow-ups the in-process jobs send, by kind and status', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Greeted', locale: 'en' });
    await customer.send('Hello');
    const id = randomUUID();
    await t.app.database.db.followUp.create({
      data: { id, customerId: customer.customerId, kind: 'greeting', dueAt: new Date(Date.now() - 1000), dedupeKey: `greeting:metrics:${id}`, payload: JSON.stringify(SPRING_FESTIVAL) },
    });
    await expect.poll(() => t.app.database.db.followUp.findUniqueOrThrow({ where: { id } }).then((f) => f.status)).toBe('sent');
    await expect.poll(async () => (await scrape(t.baseUrl)).value('care_followups_total', { kind: 'greeting', status: 'sent' })).toBe(1);
    const metrics = await scrape(t.baseUrl);
    expect(metrics.value('care_followups_total', { kind: 'callback', status: 'failed' })).toBe(0);
    expect(metrics.labelValues('care_followups_total', 'kind')).toEqual(['callback', 'greeting', 'outreach', 'rating', 'revisit', 'unknown']);
  });

  it('times HTTP requests by method, route pattern and status class, never by the raw URL', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    await customer.history();
    const secret = randomUUID();
    expect((await fetch(`${t.baseUrl}/no-such-page/${secret}?q=${secret}`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/staff/customers/${secret}`)).status).toBe(401);
    const metrics = await scrape(t.baseUrl);
    expect(metrics.value('care_http_request_duration_seconds_count', { method: 'POST', route: '/api/webchat/sessions', status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('care_http_request_duration_seconds_count', { method: 'GET', route: '/api/webchat/history', status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('care_http_request_duration_seconds_count', { method: 'GET', route: '/api/staff/customers/:id', status: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('care_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(metrics.text).not.toContain(secret);
  });

  it('includes the process metrics', async () => {
    const metrics = await scrape(t.baseUrl);
    expect(metrics.declares('process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.declares('nodejs_heap_size_used_bytes')).toBe(true);
    expect(metrics.declares('nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('LLM calls in the metrics', () => {
  let llm: FakeLlm;
  let t: TestApp;

  beforeAll(async () => {
    llm = await new FakeLlm().start();
    llm.script = () => ({ status: 500 });
    t = await startTestApp({ env: { LLM_MODEL: 'test-model', LLM_BASE_URL: llm.url, LLM_TURN_BUDGET_MS: '3000', LLM_MAX_RETRIES: '0' } });
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  it('counts the model calls by outcome', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    expect((await customer.send('What are your opening hours?')).replies.length).toBeGreaterThan(0);
    const metrics = await scrape(t.baseUrl);
    expect(metrics.value('care_llm_calls_total', { outcome: 'error' })).toBe(llm.requests.length);
    expect(llm.requests.length).toBeGreaterThan(0);
    expect(metrics.value('care_llm_calls_total', { outcome: 'ok' })).toBe(0);
  });
});

describe('who may scrape /metrics', () => {
  const remote = '203.0.113.7';

  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(async () => t?.close());

    it('serves a loopback client', async () => {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(200);
    });

    it('refuses any other address with 403, whatever it sends', async () => {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
        const refused = await t.app.server.inject({ method: 'GET', url: '/metrics', remoteAddress: remote, headers });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/loopback only.*METRICS_TOKEN/) } });
      }
    });

    it('refuses a request relayed by a proxy on the same host (the socket is loopback, the client is not)', async () => {
      const relayed = await fetch(`${t.baseUrl}/metrics`, { headers: { 'x-forwarded-for': remote } });
      expect(relayed.status).toBe(403);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } })));
    afterAll(async () => t?.close());

    it('serves the right bearer token from anywhere', async () => {
      const served = await t.app.server.inject({ method: 'GET', url: '/metrics', remoteAddress: remote, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(served.statusCode).toBe(200);
      expect(served.body).toContain('# TYPE care_messages_total counter');
      expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    });

    it('answers a wrong token with 401', async () => {
      for (const token of [`${TOKEN}x`, TOKEN.slice(0, -1), 'short']) {
        const refused = await t.app.server.inject({ method: 'GET', url: '/metrics', remoteAddress: remote, headers: { authorization: `Bearer ${token}` } });
        expect(refused.statusCode).toBe(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer');
        expect(refused.json()).toEqual({ error: { code: 'unauthorized', message: 'the metrics token is not valid' } });
      }
    });

    it('asks everyone for the token, loopback included, with 401 and the Bearer challenge', async () => {
      const remoteRefused = await t.app.server.inject({ method: 'GET', url: '/metrics', remoteAddress: remote });
      expect(remoteRefused.statusCode).toBe(401);
      const local = await fetch(`${t.baseUrl}/metrics`);
      expect(local.status).toBe(401);
      expect(local.headers.get('www-authenticate')).toBe('Bearer');
      expect(await local.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/Bearer <METRICS_TOKEN>/) } });
    });
  });
});
