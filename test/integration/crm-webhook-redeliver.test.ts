// Sending a webhook delivery again, and what the admins' endpoint list tells the console: a real
// receiver on 127.0.0.1 first refuses an event, the delivery fails for good, the admin redelivers
// it and the receiver gets the same webhook-id and body, now delivered; the list shows each
// endpoint's latest delivery and the event types an endpoint can choose.

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../src/webhooks/webhook-events.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'redeliver-admin@care.test', password: 'redeliver admin password' };

interface Delivery {
  id: string;
  messageId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

interface Listed {
  id: string;
  lastDelivery: Delivery | null;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('redelivering webhooks on %s', (store) => {
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
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        JOBS_IN_PROCESS: 'true',
        // One attempt: a refusal fails the delivery for good at once.
        WEBHOOKS_MAX_ATTEMPTS: '1',
        WEBHOOKS_TIMEOUT_MS: '3000',
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function register(path: string, answer?: (n: number) => number): Promise<{ id: string; secret: string }> {
    const created = await admin.post<{ id: string; secret: string }>('/api/staff/webhooks', { url: receiver.url(path, answer), events: ['case.created'] });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function log(endpointId: string): Promise<Delivery[]> {
    return (await admin.get<{ deliveries: Delivery[] }>(`/api/staff/webhooks/${endpointId}/deliveries`)).body.deliveries;
  }

  async function sentTest(endpointId: string, status: string): Promise<Delivery> {
    expect((await admin.post(`/api/staff/webhooks/${endpointId}/test`)).status).toBe(202);
    return waitFor(`a ${status} delivery`, async () => (await log(endpointId)).find((d) => d.status === status));
  }

  it('sends a failed delivery again with the same webhook-id and body, logs it delivered in the same row, and audits who asked', async () => {
    const endpoint = await register('/refuses-first', (n) => (n === 1 ? 500 : 204));
    const failed = await sentTest(endpoint.id, 'failed');
    expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 500 });

    const again = await admin.post<Delivery>(`/api/staff/webhooks/${endpoint.id}/deliveries/${failed.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: failed.id, messageId: failed.messageId, status: 'pending', attempts: 0 });

    const [first, second] = await receiver.waitFor('/refuses-first', 2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(new Webhook(endpoint.secret).verify(second!.body, second!.headers)).toMatchObject({ type: 'webhook.test' });
    const delivered = await waitFor('the redelivery delivered', async () => (await log(endpoint.id)).find((d) => d.status === 'delivered'));
    expect(delivered).toMatchObject({ id: failed.id, messageId: failed.messageId, attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(await log(endpoint.id)).toHaveLength(1);

    const audit = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: endpoint.id, action: 'webhook.redelivered' } });
    expect(audit.actorId).toBe(admin.staff!.id);
    expect(JSON.parse(audit.details)).toEqual({ deliveryId: failed.id, messageId: failed.messageId, eventType: 'webhook.test' });
  });

  it('refuses to redeliver a pending delivery, one of another endpoint, an unknown one, or on a disabled endpoint', async () => {
    const endpoint = await register('/guarded');
    const other = await register('/other');
    const delivered = await sentTest(endpoint.id, 'delivered');
    const now = new Date();
    await t.app.database.db.webhookDelivery.create({
      data: {
        id: 'whd_still_pending',
        endpointId: endpoint.id,
        messageId: 'msg_pending',
        eventType: 'case.created',
        payload: '{}',
        status: 'pending',
        nextAttemptAt: new Date(now.getTime() + 3600_000),
        createdAt: now,
        updatedAt: now,
      },
    });
    const redeliver = (endpointId: string, deliveryId: string) => admin.post<{ error: { code: string; message: string } }>(`/api/staff/webhooks/${endpointId}/deliveries/${deliveryId}/redeliver`);

    const pending = await redeliver(endpoint.id, 'whd_still_pending');
    expect(pending.status).toBe(409);
    expect(pending.body.error).toEqual({ code: 'conflict', message: expect.stringMatching(/still being attempted/) });
    expect((await redeliver(other.id, delivered.id)).status).toBe(404);
    expect((await redeliver(endpoint.id, 'whd_unknown')).body.error.code).toBe('not_found');
    expect((await redeliver('no-such-endpoint', delivered.id)).status).toBe(404);
    expect((await admin.request('POST', `/api/staff/webhooks/${endpoint.id}/deliveries/${delivered.id}/redeliver`, undefined, { csrf: null })).status).toBe(403);
    const agent = await admin.createStaff('agent', 'RedeliverAgent');
    const supervisor = await admin.createStaff('supervisor', 'RedeliverSupervisor');
    for (const someone of [agent, supervisor]) expect((await someone.post(`/api/staff/webhooks/${endpoint.id}/deliveries/${delivered.id}/redeliver`)).status).toBe(403);

    expect((await admin.patch(`/api/staff/webhooks/${endpoint.id}`, { enabled: false })).status).toBe(200);
    const disabled = await redeliver(endpoint.id, delivered.id);
    expect(disabled.status).toBe(409);
    expect(disabled.body.error.message).toMatch(/disabled/);
    // Nothing was changed or sent by the refusals.
    expect((await log(endpoint.id)).find((d) => d.id === delivered.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.at('/guarded')).toHaveLength(1);
    expect(await t.app.database.db.auditLog.count({ where: { entityId: endpoint.id, action: 'webhook.redelivered' } })).toBe(0);
  });

  it('lists each endpoint with its latest delivery and the event types an endpoint can choose', async () => {
    const quiet = await register('/quiet');
    const busy = await register('/busy');
    await sentTest(busy.id, 'delivered');
    expect((await admin.post(`/api/staff/webhooks/${busy.id}/test`)).status).toBe(202);
    const newest = await waitFor('two deliveries', async () => {
      const deliveries = await log(busy.id);
      return deliveries.length === 2 && deliveries.every((d) => d.status === 'delivered') ? deliveries[0] : undefined;
    });
    const listed = await admin.get<{ endpoints: Listed[]; eventTypes: string[] }>('/api/staff/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.eventTypes).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(listed.body.endpoints.find((e) => e.id === quiet.id)?.lastDelivery).toBeNull();
    expect(listed.body.endpoints.find((e) => e.id === busy.id)?.lastDelivery).toEqual(newest);
  });

  it('documents the redelivery route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.paths['/api/staff/webhooks/{id}/deliveries/{deliveryId}/redeliver']?.post?.summary).toMatch(/admin/);
  });
});
