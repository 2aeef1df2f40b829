// Merging two profile cards of one person, undoing a merge, and the cards that look like
// duplicates. A merge hands one card's history to whoever can read the other, so it takes a
// supervisor or an admin; both directions are audited.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { MergeRecord, MergeStore } from '../merges/merge-ports.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

const mergeSchema = z.object({
  id: z.string(),
  keptId: z.string(),
  mergedId: z.string(),
  by: z.string().describe("a staff id, or 'system' for a merge a verified phone number made"),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
});
const duplicateGroupSchema = z.object({
  match: z.enum(['phone', 'email']),
  value: z.string(),
  customers: z.array(z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), createdAt: z.string() })),
});
const pageQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const mergeRoutes: FastifyPluginAsyncZod<{ merges: MergeStore; clock: () => Date }> = async (app, { merges, clock }) => {
  app.post(
    '/api/staff/customers/:id/merge',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: "Merge another card into this one (supervisor; audited): the other card's records move here and its details fill this card's empty fields; undo with /api/staff/merges/:id/undo",
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ otherId: z.string().min(1).max(100).describe('the card merged into this one') }).strict(),
        response: { 200: z.object({ merge: mergeSchema }), ...errors },
      },
    },
    async (request) => ({ merge: wire(await merges.merge(request.params.id, request.body.otherId, signedIn(request).id, clock())) }),
  );

  app.post(
    '/api/staff/merges/:id/undo',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Undo a merge (supervisor; audited): the records that moved go back, and the kept card gets back the fields the merge filled unless someone changed them since',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ merge: mergeSchema }), ...errors },
      },
    },
    async (request) => ({ merge: wire(await merges.undo(request.params.id, signedIn(request).id, clock())) }),
  );

  app.get(
    '/api/staff/customers/:id/merges',
    { schema: { summary: 'The merges a card took part in, newest first', tags: ['staff'], params: idParams, response: { 200: z.object({ merges: z.array(mergeSchema) }), 401: errorSchema } } },
    async (request) => ({ merges: (await merges.mergesOf(request.params.id)).map(wire) }),
  );

  app.get(
    '/api/staff/customers/duplicates',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Cards that look like one person: live cards sharing a phone number or an email address (supervisor)',
        tags: ['staff'],
        querystring: pageQuery,
        response: { 200: z.object({ groups: z.array(duplicateGroupSchema), total: z.number().int() }), ...errors },
      },
    },
    async (request) => {
      const { groups, total } = await merges.duplicates(request.query.page, request.query.pageSize);
      return { groups: groups.map((g) => ({ ...g, customers: g.customers.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) })), total };
    },
  );
};

function wire(merge: MergeRecord) {
  return { ...merge, createdAt: merge.createdAt.toISOString(), undoneAt: merge.undoneAt?.toISOString() ?? null };
}
