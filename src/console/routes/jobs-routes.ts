// Follow-ups for supervisors: what is scheduled, due, sent, failed, cancelled or missed, with
// retry (a failed or cancelled one back on the schedule) and cancel (one not yet sent).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { FOLLOW_UP_KINDS, FOLLOW_UP_VIEWS, type FollowUpAdminStore, type FollowUpListItem } from '../jobs/jobs-ports.ts';
import { csrfHeader, errorSchema, idParams, tierSchema } from './wire-schemas.ts';

const followUpSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  missedAt: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  dedupeKey: z.string(),
  customer: z.object({ id: z.string(), name: z.string().nullable(), tier: tierSchema }),
  caseId: z.string().nullable(),
  conversationId: z.string().nullable(),
  staffId: z.string().nullable(),
  note: z.string().nullable().describe('what staff wrote when they scheduled a callback'),
});
const countsSchema = z.object(Object.fromEntries(FOLLOW_UP_VIEWS.map((v) => [v, z.number().int()])) as Record<(typeof FOLLOW_UP_VIEWS)[number], z.ZodNumber>);
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const jobsRoutes: FastifyPluginAsyncZod<{ followUps: FollowUpAdminStore; clock: () => Date }> = async (app, { followUps, clock }) => {
  const supervisorOnly = requireRole('supervisor');

  app.get(
    '/api/staff/follow-ups',
    {
      preHandler: supervisorOnly,
      schema: {
        summary: 'Follow-ups (callbacks, revisits, greetings, check-ins) in one state, with the count of each (supervisor)',
        tags: ['staff'],
        querystring: z.object({
          view: z.enum(FOLLOW_UP_VIEWS).default('due'),
          kind: z.enum(FOLLOW_UP_KINDS).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ counts: countsSchema, followUps: z.array(followUpSchema) }), ...errors },
      },
    },
    async (request) => {
      const now = clock();
      const { view, kind, limit, offset } = request.query;
      const [counts, items] = await Promise.all([followUps.counts(now), followUps.list(view, now, { ...(kind ? { kind } : {}), limit, offset })]);
      return { counts, followUps: items.map(wire) };
    },
  );

  app.post(
    '/api/staff/follow-ups/:id/retry',
    {
      preHandler: supervisorOnly,
      schema: {
        summary: 'Put a failed or cancelled follow-up back on the schedule, due now (supervisor)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ followUp: z.object({ id: z.string(), status: z.string() }) }), ...errors },
      },
    },
    async (request) => {
      const result = await followUps.retry(request.params.id, signedIn(request).id, clock());
      if (result === null) throw new DomainError('not_found', `no follow-up ${request.params.id}`);
      if (result === 'not_retryable') throw new DomainError('conflict', 'only a failed or cancelled follow-up can be retried');
      return { followUp: result };
    },
  );

  app.post(
    '/api/staff/follow-ups/:id/cancel',
    {
      preHandler: supervisorOnly,
      schema: {
        summary: 'Cancel a follow-up that has not been sent (supervisor)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ followUp: z.object({ id: z.string(), status: z.string() }) }), ...errors },
      },
    },
    async (request) => {
      const result = await followUps.cancel(request.params.id, signedIn(request).id, clock());
      if (result === null) throw new DomainError('not_found', `no follow-up ${request.params.id}`);
      if (result === 'already_sent') throw new DomainError('conflict', 'this follow-up has been sent already');
      if (result === 'in_flight') throw new DomainError('conflict', 'this follow-up is being sent right now');
      return { followUp: result };
    },
  );
};

function wire(item: FollowUpListItem) {
  return {
    ...item,
    customer: { ...item.customer, tier: item.customer.tier as 'A' | 'B' | 'C' },
    dueAt: item.dueAt.toISOString(),
    sentAt: item.sentAt?.toISOString() ?? null,
    missedAt: item.missedAt?.toISOString() ?? null,
  };
}
