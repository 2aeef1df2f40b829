// Outgoing webhooks for admins: register a receiver and the events it wants (its whsec_ secret is
// shown once, here and on rotation, never again), change, disable or delete it, rotate the secret
// (the old one keeps signing for a day), read its delivery log, send it a test event or a settled
// delivery again. Every change is audited without the secret. Receivers must be public https URLs
// unless WEBHOOKS_ALLOW_PRIVATE.

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '../../webhooks/webhook-events.ts';
import type { WebhookDeliveryRecord, WebhookEndpointRecord, WebhookServices } from '../../webhooks/webhook-ports.ts';
import { newWebhookSecret, ROTATION_GRACE_MS } from '../../webhooks/webhook-signing.ts';
import { registrationRefusal } from '../../webhooks/webhook-target.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

const url = z.string().trim().min(1).max(2000).describe('where deliveries are POSTed: a public https URL (any address and http only with WEBHOOKS_ALLOW_PRIVATE=true)');
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .transform((list) => [...new Set(list)])
  .describe(`the events to receive: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
const description = z.string().trim().max(500);
const secretSchema = z.string().describe('whsec_ and the base64 of 32 random bytes: verify each delivery with it (any Standard Webhooks library); shown only now');

const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('why it is disabled: by an admin, or the receiver answered 410 Gone'),
  previousSecretSignsUntil: z.string().nullable().describe('after a rotation: until then each delivery is signed with the previous secret too'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const deliverySchema = z.object({
  id: z.string(),
  messageId: z.string().describe('the webhook-id header: the same on every retry of the event'),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('when a pending delivery is tried again'),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const listedEndpointSchema = endpointSchema.extend({ lastDelivery: deliverySchema.nullable().describe('how its latest delivery went; null before any') });
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookServices; clock: () => Date }> = async (app, { webhooks, clock }) => {
  const { store, dispatcher, rules } = webhooks;
  const adminOnly = requireRole('admin');

  async function refuseUnsafeUrl(text: string): Promise<void> {
    const refusal = await registrationRefusal(text, rules, webhooks.resolveAll);
    if (refusal) throw new DomainError('invalid_request', `body.url: ${refusal}`);
  }

  app.get(
    '/api/staff/webhooks',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Webhook endpoints (admin); secrets are never shown again',
        description: 'Each endpoint with its latest delivery; eventTypes lists the events an endpoint can choose.',
        tags: ['staff'],
        response: { 200: z.object({ endpoints: z.array(listedEndpointSchema), eventTypes: z.array(z.string()) }), ...errors },
      },
    },
    async () => ({
      endpoints: (await store.listEndpoints()).map((e) => ({ ...endpointWire(e), lastDelivery: e.lastDelivery ? deliveryWire(e.lastDelivery) : null })),
      eventTypes: [...WEBHOOK_EVENT_TYPES],
    }),
  );

  app.post(
    '/api/staff/webhooks',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Register a webhook endpoint (admin; audited): its secret is in this answer only',
        description: 'Deliveries follow the Standard Webhooks specification: headers webhook-id, webhook-timestamp, webhook-signature; body {type, timestamp, data}.',
        tags: ['staff'],
        headers: csrfHeader,
        body: z.object({ url, events, description: description.optional() }).strict(),
        response: { 201: endpointSchema.extend({ secret: secretSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      await refuseUnsafeUrl(request.body.url);
      const secret = newWebhookSecret();
      const endpoint = await store.createEndpoint({ id: randomUUID(), url: request.body.url, events: request.body.events, description: request.body.description || null, secret }, staff.id, clock());
      dispatcher.forgetSubscriptions();
      return reply.status(201).send({ ...endpointWire(endpoint), secret });
    },
  );

  app.patch(
    '/api/staff/webhooks/:id',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Change a webhook endpoint: URL, events, description, enabled (admin; audited)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z
          .object({ url: url.optional(), events: events.optional(), description: description.nullable().optional(), enabled: z.boolean().optional() })
          .strict()
          .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one field'),
        response: { 200: endpointSchema, ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const { url: newUrl, events: newEvents, description: newDescription, enabled } = request.body;
      if (newUrl !== undefined) await refuseUnsafeUrl(newUrl);
      const endpoint = await store.updateEndpoint(
        request.params.id,
        {
          ...(newUrl !== undefined ? { url: newUrl } : {}),
          ...(newEvents !== undefined ? { events: newEvents } : {}),
          ...(newDescription !== undefined ? { description: newDescription || null } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
        },
        staff.id,
        clock(),
      );
      if (!endpoint) throw notFound(request.params.id);
      dispatcher.forgetSubscriptions();
      return endpointWire(endpoint);
    },
  );

  app.delete(
    '/api/staff/webhooks/:id',
    {
      preHandler: adminOnly,
      schema: { summary: 'Delete a webhook endpoint and its delivery log (admin; audited)', tags: ['staff'], headers: csrfHeader, params: idParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      if (!(await store.deleteEndpoint(request.params.id, signedIn(request).id, clock()))) throw notFound(request.params.id);
      dispatcher.forgetSubscriptions();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/staff/webhooks/:id/rotate-secret',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Give the endpoint a new secret (admin; audited): for 24 hours deliveries are signed with both, so the receiver can switch',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ secret: secretSchema, previousSecretSignsUntil: z.string() }), ...errors },
      },
    },
    async (request) => {
      const now = clock();
      const secret = newWebhookSecret();
      const graceUntil = new Date(now.getTime() + ROTATION_GRACE_MS);
      if (!(await store.rotateSecret(request.params.id, secret, graceUntil, signedIn(request).id, now))) throw notFound(request.params.id);
      return { secret, previousSecretSignsUntil: graceUntil.toISOString() };
    },
  );

  app.get(
    '/api/staff/webhooks/:id/deliveries',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'The endpoint’s delivery log, newest first: event, webhook-id, attempts, last status or error, next retry (admin)',
        tags: ['staff'],
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }), ...errors },
      },
    },
    async (request) => {
      const deliveries = await store.deliveries(request.params.id, request.query.limit);
      if (!deliveries) throw notFound(request.params.id);
      return { deliveries: deliveries.map(deliveryWire) };
    },
  );

  app.post(
    '/api/staff/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Send a delivered or failed delivery again (admin; audited): the same webhook-id and body, a fresh round of attempts',
        description: 'Refused (409) while the delivery is still pending or the endpoint is disabled. The delivery log shows the outcome.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams.extend({ deliveryId: z.string().min(1).max(100) }),
        response: { 202: deliverySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      const endpoint = await store.findEndpoint(id);
      if (!endpoint) throw notFound(id);
      if (!endpoint.enabled) throw new DomainError('conflict', 'this endpoint is disabled; enable it before sending again');
      const outcome = await store.redeliver(id, deliveryId, signedIn(request).id, clock());
      if ('refused' in outcome) {
        throw outcome.refused === 'pending'
          ? new DomainError('conflict', 'this delivery is still being attempted; wait for its outcome')
          : new DomainError('not_found', `no delivery ${deliveryId} of webhook endpoint ${id}`);
      }
      await dispatcher.queueAgain(deliveryId);
      return reply.status(202).send(deliveryWire(outcome.delivery));
    },
  );

  app.post(
    '/api/staff/webhooks/:id/test',
    {
      preHandler: adminOnly,
      schema: {
        summary: `Send the endpoint a ${TEST_EVENT_TYPE} event now, whatever it subscribed to (admin); see the delivery log for the outcome`,
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 202: z.object({ messageId: z.string(), deliveryId: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const endpoint = await store.findEndpoint(request.params.id);
      if (!endpoint) throw notFound(request.params.id);
      if (!endpoint.enabled) throw new DomainError('conflict', 'this endpoint is disabled; enable it before sending a test');
      return reply.status(202).send(await dispatcher.sendTest(endpoint.id));
    },
  );
};

function notFound(id: string): DomainError {
  return new DomainError('not_found', `no webhook endpoint ${id}`);
}

function endpointWire(e: WebhookEndpointRecord): z.infer<typeof endpointSchema> {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    previousSecretSignsUntil: e.previousSecretUntil?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function deliveryWire(d: WebhookDeliveryRecord): z.infer<typeof deliverySchema> {
  return {
    id: d.id,
    messageId: d.messageId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
