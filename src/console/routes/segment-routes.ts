// The computed segments in the console: an admin recomputes them now, a supervisor pins a tier
// with a reason (and unpins it), everyone reads a customer's segment history and the A-tier
// customers still waiting for a key account manager. Pins are audited and kept in the history.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEGMENT_KINDS } from '../../domain/segments/segment-rules.ts';
import type { StoredReason } from '../../domain/segments/segment-reason.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { RecomputeSegments, SegmentStore, TierPinState } from '../segments/segment-ports.ts';
import { csrfHeader, errorSchema, idParams, segmentReasonSchema, tierSchema } from './wire-schemas.ts';

const reasonSchema = segmentReasonSchema;
const countsSchema = z.object({ tier: z.number().int(), lifecycle: z.number().int(), loyalty: z.number().int() });
const recomputedSchema = z.object({ customers: z.number().int(), changed: countsSchema, needKeyAccountManager: z.number().int(), computedAt: z.string() });
const pinStateSchema = z.object({ id: z.string(), tier: tierSchema, tierPinned: z.boolean(), tierReason: reasonSchema.nullable() });
const pinBody = z.object({ tier: tierSchema, reason: z.string().trim().min(3, 'say why the tier is pinned (at least 3 characters)').max(500) }).strict();
const changeSchema = z.object({
  id: z.string(),
  kind: z.enum(SEGMENT_KINDS),
  from: z.string(),
  to: z.string(),
  reason: reasonSchema,
  actor: z.string().describe('system, or staff:<id>'),
  createdAt: z.string(),
});
const candidateSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  tier: tierSchema,
  tierPinned: z.boolean(),
  tierReason: reasonSchema.nullable(),
  purchaseTotalCents: z.number().int(),
  segmentsComputedAt: z.string().nullable(),
});
const pageQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export interface SegmentRouteDeps {
  segments: SegmentStore;
  recompute: RecomputeSegments;
  clock: () => Date;
}

export const segmentRoutes: FastifyPluginAsyncZod<SegmentRouteDeps> = async (app, { segments, recompute, clock }) => {
  app.post(
    '/api/staff/segments/recompute',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary: 'Recompute every customer’s ABC tier, lifecycle and loyalty now (admin; audited); pinned tiers stay',
        tags: ['staff'],
        headers: csrfHeader,
        response: { 200: recomputedSchema, ...errors },
      },
    },
    async (request) => {
      const result = await recompute({ trigger: 'staff', actorId: signedIn(request).id });
      if (!result) throw new DomainError('conflict', 'segments are being recomputed right now (the nightly run or an import); try again in a minute');
      return { ...result, computedAt: result.computedAt.toISOString() };
    },
  );

  app.get(
    '/api/staff/segments/needs-key-account-manager',
    {
      schema: {
        summary: 'A-tier customers without a key account manager, to assign one (largest purchase value first)',
        tags: ['staff'],
        querystring: pageQuery,
        response: { 200: z.object({ customers: z.array(candidateSchema), total: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { customers, total } = await segments.needingKeyAccountManager((page - 1) * pageSize, pageSize);
      return {
        customers: customers.map((c) => ({ ...c, tierReason: reasonWire(c.tierReason), segmentsComputedAt: c.segmentsComputedAt?.toISOString() ?? null })),
        total,
      };
    },
  );

  app.post(
    '/api/staff/customers/:id/tier-pin',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Pin a customer’s tier with a reason: recomputation leaves it alone (supervisor; audited, kept in the segment history)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: pinBody,
        response: { 200: z.object({ customer: pinStateSchema }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const result = await segments.pinTier(request.params.id, request.body.tier, request.body.reason, { id: staff.id, name: staff.name }, clock());
      if ('refused' in result) throw refusal(result.refused, request.params.id);
      return { customer: pinWire(request.params.id, result.pinned) };
    },
  );

  app.delete(
    '/api/staff/customers/:id/tier-pin',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Unpin a customer’s tier: the next recomputation sets it by the rules (supervisor; audited)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ customer: pinStateSchema }), ...errors },
      },
    },
    async (request) => {
      const result = await segments.unpinTier(request.params.id, signedIn(request).id, clock());
      if ('refused' in result) throw refusal(result.refused, request.params.id);
      return { customer: pinWire(request.params.id, result.unpinned) };
    },
  );

  app.get(
    '/api/staff/customers/:id/segment-history',
    {
      schema: {
        summary: 'Every change of a customer’s tier, lifecycle and loyalty: from, to, the rule and who (newest first)',
        tags: ['staff'],
        params: idParams,
        querystring: historyQuery,
        response: { 200: z.object({ changes: z.array(changeSchema) }), ...errors },
      },
    },
    async (request) => {
      const changes = await segments.history(request.params.id, request.query.limit);
      if (!changes) throw new DomainError('not_found', `no customer ${request.params.id}`);
      return { changes: changes.map((c) => ({ id: c.id, kind: c.kind, from: c.from, to: c.to, reason: reasonWire(c)!, actor: c.actor, createdAt: c.createdAt.toISOString() })) };
    },
  );
};

function reasonWire(why: StoredReason | null): z.infer<typeof reasonSchema> | null {
  return why ? { rule: why.rule, zh: why.reason.zh, en: why.reason.en } : null;
}

function pinWire(id: string, state: TierPinState): z.infer<typeof pinStateSchema> {
  return { id, tier: state.tier, tierPinned: state.tierPinned, tierReason: reasonWire(state.tierReason) };
}

function refusal(reason: 'not_found' | 'erased', id: string): DomainError {
  return reason === 'not_found' ? new DomainError('not_found', `no customer ${id}`) : new DomainError('conflict', `customer ${id} was erased on their request; their card cannot be changed`);
}
