// Outgoing webhooks end to end: an admin registers a real HTTP receiver on 127.0.0.1, things
// happen through the web chat and the console, and the receiver checks every delivery with the
// standardwebhooks library and the secret it was given. Retries keep the webhook-id, 410 disables
// the endpoint, a rotated secret signs beside the old one, and only admins manage endpoints.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../src/webhooks/webhook-request.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';
import { WebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'hook-admin@care.test', password: 'hook admin password' };

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  secret: string;
}

interface Delivery {
  messageId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The payload, after the signature checked out with this secret (throws otherwise). */
function verified(secret: string, delivery: ReceivedWebhook): Payload {
  return new Webhook(secret).verify(delivery.body, delivery.headers) as Payload;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('outgoing webhooks on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({
      store,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // The receiver listens on 127.0.0.1 over http.
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        // The delivery worker runs where the follow-up worker does.
        JOBS_IN_PROCESS: 'true',
        WEBHOOKS_RETRY_BASE_MS: '50',
        WEBHOOKS_TIMEOUT_MS: '3000',
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function register(path: string, events: string[], answer?: (n: number) => number): Promise<Endpoint> {
    const created = await admin.post<Endpoint>('/api/staff/webhooks', { url: receiver.url(path, answer), events, description: `receiver ${path}` });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function deliveries(endpointId: string): Promise<Delivery[]> {
    const log = await admin.get<{ deliveries: Delivery[] }>(`/api/staff/webhooks/${endpointId}/deliveries?limit=20`);
    expect(log.status).toBe(200);
    return log.body.deliveries;
  }

  async function settled(endpointId: string): Promise<Delivery> {
    return waitFor('a settled delivery', async () => (await deliveries(endpointId)).find((d) => d.status !== 'pending'));
  }

  it('registers an endpoint with a fresh whsec_ secret and delivers a verified conversation.escalated for a web chat handoff', async () => {
    const endpoint = await register('/escalations', ['conversation.escalated']);
    expect(endpoint).toMatchObject({ url: receiver.url('/escalations'), events: ['conversation.escalated'], enabled: true });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const keyBytes = Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64').length;
    expect(keyBytes).toBeGreaterThanOrEqual(24);
    expect(keyBytes).toBeLessThanOrEqual(32);

    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Escalating Erin', locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });

    const [delivery] = await receiver.waitFor('/escalations');
    const payload = verified(endpoint.secret, delivery!);
    expect(payload).toMatchObject({
      type: 'conversation.escalated',
      data: { conversationId: conversation.id, customerId: customer.customerId, channel: 'webchat', reason: 'asked_for_person', priority: expect.any(Number) },
    });
    expect(Date.parse(payload.timestamp)).not.toBeNaN();
    // Ids and small facts only: no names or message texts.
    expect(delivery!.body).not.toContain('Erin');
    expect(delivery!.body).not.toContain('talk to a person');
    expect(delivery!.headers['content-type']).toBe('application/json');

    const log = await waitFor('the delivery marked delivered', async () => (await deliveries(endpoint.id)).find((d) => d.status === 'delivered'));
    expect(log).toMatchObject({ eventType: 'conversation.escalated', messageId: delivery!.headers['webhook-id'], attempts: 1, lastStatusCode: 204, nextAttemptAt: null });
  });

  it('announces the five steps’ case and commitment, a staff close, a staff commitment and a tier pin to the endpoints that chose them', async () => {
    const endpoint = await register('/crm', ['case.created', 'commitment.recorded', 'conversation.closed', 'customer.tier_changed']);
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Case Carla', locale: 'en' });
    await customer.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
    await customer.send('It is the PowerBlend 600 blender');
    await customer.send('A replacement');
    const options = await customer.send("Yes, that's right");
    await customer.send(options.replies.at(-1)!.choices![0]!);
    expect((await customer.send('Yes, agreed')).conversation.status).toBe('bot');
    const db = t.app.database.db;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const kase = await db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const botCommitment = await db.commitment.findFirstOrThrow({ where: { caseId: kase.id } });

    // Staff: a commitment of their own, a tier pin, then the conversation closed.
    const staffCommitment = await admin.post<{ commitment: { id: string } }>(`/api/staff/cases/${kase.id}/commitments`, {
      kind: 'callback',
      description: 'Call back about the blender',
      dueAt: '2030-01-10T10:00:00Z',
    });
    expect(staffCommitment.status).toBe(201);
    expect((await admin.post(`/api/staff/customers/${customer.customerId}/tier-pin`, { tier: 'A', reason: 'Key account by contract' })).status).toBe(200);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await admin.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);

    const received = await receiver.waitFor('/crm', 5);
    const payloads = received.map((r) => verified(endpoint.secret, r));
    const ofType = (type: string) => payloads.filter((p) => p.type === type).map((p) => p.data);
    expect(ofType('case.created')).toEqual([
      { caseId: kase.id, conversationId: conversation.id, customerId: customer.customerId, channel: 'webchat', category: 'product_quality', emotion: expect.any(String) },
    ]);
    expect(ofType('commitment.recorded')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          commitmentId: botCommitment.id,
          caseId: kase.id,
          conversationId: conversation.id,
          customerId: customer.customerId,
          kind: 'replacement',
          recordedBy: 'bot',
          dueAt: botCommitment.dueAt.toISOString(),
        }),
        expect.objectContaining({
          commitmentId: staffCommitment.body.commitment.id,
          caseId: kase.id,
          customerId: customer.customerId,
          kind: 'callback',
          recordedBy: 'staff',
          staffId: admin.staff!.id,
          amountCents: null,
        }),
      ]),
    );
    expect(ofType('customer.tier_changed')).toEqual([{ customerId: customer.customerId, from: 'C', to: 'A', rule: 'pinned', changedBy: 'staff', staffId: admin.staff!.id }]);
    expect(ofType('conversation.closed')).toEqual([{ conversationId: conversation.id, customerId: customer.customerId, channel: 'webchat', closedBy: 'staff', staffId: admin.staff!.id }]);
    // The escalations endpoint chose none of these.
    expect(receiver.at('/escalations').map((r) => JSON.parse(r.body).type)).not.toContain('case.created');
  });

  it('retries a receiver that answers 500 twice with the same webhook-id, and logs 3 attempts, delivered', async () => {
    const endpoint = await register('/flaky', ['conversation.escalated'], (n) => (n <= 2 ? 500 : 200));
    const sent = await admin.post<{ messageId: string; deliveryId: string }>(`/api/staff/webhooks/${endpoint.id}/test`);
    expect(sent.status).toBe(202);
    const attempts = await receiver.waitFor('/flaky', 3);
    expect(attempts.map((a) => a.headers['webhook-id'])).toEqual([sent.body.messageId, sent.body.messageId, sent.body.messageId]);
    for (const attempt of attempts) expect(verified(endpoint.secret, attempt)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    // The same event each time: the body is the same bytes, only the signing time may differ.
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    const log = await settled(endpoint.id);
    expect(log).toMatchObject({ messageId: sent.body.messageId, eventType: 'webhook.test', status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
  });

  it('sends a delivery no job carries once it is well past its time (written while the queue was away)', async () => {
    const endpoint = await register('/orphan', ['case.created']);
    const body = JSON.stringify({ type: 'case.created', timestamp: new Date().toISOString(), data: { caseId: 'c-1' } });
    const longAgo = new Date(Date.now() - 30 * 60_000);
    await t.app.database.db.webhookDelivery.create({
      data: { id: 'orphan-delivery', endpointId: endpoint.id, messageId: 'msg_orphan', eventType: 'case.created', payload: body, status: 'pending', createdAt: longAgo, updatedAt: longAgo },
    });
    expect(await t.app.webhooks.sweepOverdue()).toBeGreaterThanOrEqual(1);
    // A second sweep before it is sent queues nothing twice (the job id names the attempt).
    await t.app.webhooks.sweepOverdue();
    const [delivery] = await receiver.waitFor('/orphan');
    expect(verified(endpoint.secret, delivery!)).toMatchObject({ type: 'case.created', data: { caseId: 'c-1' } });
    expect(delivery!.headers['webhook-id']).toBe('msg_orphan');
    expect(await settled(endpoint.id)).toMatchObject({ id: 'orphan-delivery', status: 'delivered', attempts: 1 });
    expect(receiver.at('/orphan')).toHaveLength(1);
  });

  it('disables an endpoint whose receiver answers 410 Gone, and says so', async () => {
    const endpoint = await register('/gone', ['conversation.escalated'], () => 410);
    expect((await admin.post(`/api/staff/webhooks/${endpoint.id}/test`)).status).toBe(202);
    const log = await settled(endpoint.id);
    expect(log).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410, nextAttemptAt: null });
    expect(receiver.at('/gone')).toHaveLength(1);
    const listed = await admin.get<{ endpoints: Endpoint[] }>('/api/staff/webhooks');
    expect(listed.body.endpoints.find((e) => e.id === endpoint.id)).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
    expect(await t.app.database.db.auditLog.count({ where: { entityId: endpoint.id, action: 'webhook.disabled', actorType: 'system' } })).toBe(1);
    expect((await admin.post(`/api/staff/webhooks/${endpoint.id}/test`)).status).toBe(409);
    // An admin enables it again.
    const enabled = await admin.patch<Endpoint>(`/api/staff/webhooks/${endpoint.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('signs with the old and the new secret during the grace period after a rotation', async () => {
    const endpoint = await register('/rotate', ['conversation.escalated']);
    const rotated = await admin.post<{ secret: string; previousSecretSignsUntil: string }>(`/api/staff/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretSignsUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await admin.post(`/api/staff/webhooks/${endpoint.id}/test`)).status).toBe(202);
    const [delivery] = await receiver.waitFor('/rotate');
    expect(delivery!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verified(endpoint.secret, delivery!).type).toBe('webhook.test');
    expect(verified(rotated.body.secret, delivery!).type).toBe('webhook.test');
    const stranger = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => verified(stranger, delivery!)).toThrow(WebhookVerificationError);
  });

  it('never shows a secret again: not in the list, the delivery log or the audit log', async () => {
    const endpoint = await register('/secretive', ['survey.answered']);
    const rotated = await admin.post<{ secret: string }>(`/api/staff/webhooks/${endpoint.id}/rotate-secret`);
    expect((await admin.patch(`/api/staff/webhooks/${endpoint.id}`, { events: ['survey.answered', 'case.created'], description: 'renamed' })).status).toBe(200);
    expect((await admin.post(`/api/staff/webhooks/${endpoint.id}/test`)).status).toBe(202);
    await settled(endpoint.id);
    const secrets = [endpoint.secret, rotated.body.secret].flatMap((s) => [s, s.slice('whsec_'.length)]);
    const shown = [
      JSON.stringify((await admin.get('/api/staff/webhooks')).body),
      JSON.stringify((await admin.get(`/api/staff/webhooks/${endpoint.id}/deliveries`)).body),
      JSON.stringify((await admin.get(`/api/staff/audit?entityId=${endpoint.id}`)).body),
      JSON.stringify(await t.app.database.db.auditLog.findMany({ where: { entityId: endpoint.id } })),
    ];
    for (const text of shown) for (const secret of secrets) expect(text).not.toContain(secret);
    const actions = (await t.app.database.db.auditLog.findMany({ where: { entityId: endpoint.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['webhook.created', 'webhook.secret_rotated', 'webhook.updated']);
    const updated = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: endpoint.id, action: 'webhook.updated' } });
    expect(JSON.parse(updated.details)).toMatchObject({
      changes: { events: { from: ['survey.answered'], to: ['survey.answered', 'case.created'] }, description: { from: 'receiver /secretive', to: 'renamed' } },
    });
    expect(updated.actorId).toBe(admin.staff!.id);
  });

  it('lets only admins manage endpoints, with the CSRF header on every change', async () => {
    const agent = await admin.createStaff('agent', 'HookAgent');
    const supervisor = await admin.createStaff('supervisor', 'HookSupervisor');
    const endpoint = await register('/guarded', ['case.created']);
    for (const someone of [agent, supervisor]) {
      expect((await someone.get('/api/staff/webhooks')).status).toBe(403);
      expect((await someone.post('/api/staff/webhooks', { url: receiver.url('/nope'), events: ['case.created'] })).status).toBe(403);
      expect((await someone.patch(`/api/staff/webhooks/${endpoint.id}`, { enabled: false })).status).toBe(403);
      expect((await someone.request('DELETE', `/api/staff/webhooks/${endpoint.id}`)).status).toBe(403);
      expect((await someone.post(`/api/staff/webhooks/${endpoint.id}/rotate-secret`)).status).toBe(403);
      expect((await someone.get(`/api/staff/webhooks/${endpoint.id}/deliveries`)).status).toBe(403);
      expect((await someone.post(`/api/staff/webhooks/${endpoint.id}/test`)).status).toBe(403);
    }
    expect((await new StaffClient(t.baseUrl).get('/api/staff/webhooks')).status).toBe(401);
    const noCsrf = await admin.request('POST', '/api/staff/webhooks', { url: receiver.url('/nope'), events: ['case.created'] }, { csrf: null });
    expect(noCsrf.status).toBe(403);
    expect((await admin.request('DELETE', `/api/staff/webhooks/${endpoint.id}`, undefined, { csrf: null })).status).toBe(403);
    expect((await admin.post('/api/staff/webhooks', { url: receiver.url('/nope'), events: ['no.such_event'] })).status).toBe(400);
    expect((await admin.post('/api/staff/webhooks', { url: receiver.url('/nope'), events: [] })).status).toBe(400);
    // Deleted, with its log, and audited.
    expect((await admin.request('DELETE', `/api/staff/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await admin.get(`/api/staff/webhooks/${endpoint.id}/deliveries`)).status).toBe(404);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: endpoint.id, action: 'webhook.deleted', actorId: admin.staff!.id } })).toBe(1);
  });

  it('documents the webhook routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    for (const path of ['/api/staff/webhooks', '/api/staff/webhooks/{id}', '/api/staff/webhooks/{id}/rotate-secret', '/api/staff/webhooks/{id}/deliveries', '/api/staff/webhooks/{id}/test']) {
      expect(Object.keys(doc.paths)).toContain(path);
      for (const operation of Object.values(doc.paths[path]!)) expect(operation.summary).toMatch(/admin/);
    }
  });
});

describe('webhook receivers must be public unless WEBHOOKS_ALLOW_PRIVATE', () => {
  let t: TestApp;
  let admin: StaffClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JOBS_IN_PROCESS: 'true', WEBHOOKS_RETRY_BASE_MS: '50' } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('refuses loopback, private, link-local and non-https URLs at registration, in any spelling', async () => {
    const refused = [
      receiver.url('/hook'),
      'https://127.0.0.1/hook',
      'https://2130706433/hook',
      'https://0177.0.0.1/hook',
      'https://0x7f.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://172.16.0.9/hook',
      'https://192.168.1.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://0.0.0.0/hook',
      'https://224.0.0.1/hook',
      'http://93.184.216.34/hook',
      'ftp://93.184.216.34/hook',
      'https://user:pass@93.184.216.34/hook',
      'not a url',
    ];
    for (const url of refused) {
      const answer = await admin.post<{ error: { code: string; message: string } }>('/api/staff/webhooks', { url, events: ['case.created'] });
      expect({ url, status: answer.status }).toEqual({ url, status: 400 });
      expect(answer.body.error.message).toMatch(/^body\.url: /);
    }
    const accepted = await admin.post<Endpoint>('/api/staff/webhooks', { url: 'https://93.184.216.34/hook', events: ['case.created'] });
    expect(accepted.status).toBe(201);
    expect((await admin.patch(`/api/staff/webhooks/${accepted.body.id}`, { url: 'https://192.168.0.10/hook' })).status).toBe(400);
    expect(await t.app.database.db.webhookEndpoint.count()).toBe(1);
  });

  it('refuses again at delivery time: an endpoint that points at a loopback address gets nothing', async () => {
    // As if the name had resolved to a public address at registration and to 127.0.0.1 now (the
    // unit tests resolve names; here the address is the receiver's own).
    const now = new Date();
    await t.app.database.db.webhookEndpoint.create({
      data: {
        id: 'sneaky',
        url: receiver.url('/sneaky').replace('http:', 'https:'),
        events: JSON.stringify(['case.created']),
        secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
        createdAt: now,
        updatedAt: now,
      },
    });
    expect((await admin.post('/api/staff/webhooks/sneaky/test')).status).toBe(202);
    const log = await waitFor('the refused delivery', async () => {
      const answer = await admin.get<{ deliveries: Delivery[] }>('/api/staff/webhooks/sneaky/deliveries');
      return answer.body.deliveries.find((d) => d.status === 'failed');
    });
    expect(log).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/refused: .*127\.0\.0\.1 is a loopback address/), nextAttemptAt: null });
    expect(receiver.at('/sneaky')).toHaveLength(0);
  });

  it('connects to the address that was checked, keeping the URL’s name in the Host header, and gives up on a silent receiver', async () => {
    // A name that never resolves (.invalid): the request can only arrive through the pinned address.
    const named = new URL(receiver.url('/pinned').replace('127.0.0.1', 'receiver.invalid'));
    const outcome = await postWebhook({ url: named, address: '127.0.0.1', family: 4 }, { 'webhook-id': 'msg_pinned' }, '{"type":"webhook.test"}', 3000);
    expect(outcome).toEqual({ statusCode: 204 });
    expect(receiver.at('/pinned')[0]!.headers).toMatchObject({ host: named.host, 'webhook-id': 'msg_pinned' });

    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`);
      expect(await postWebhook({ url, address: '127.0.0.1', family: 4 }, {}, '{}', 300)).toEqual({ error: 'no answer within 300 ms' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
