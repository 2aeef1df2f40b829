// A customer's rights: a copy of everything kept about them (supervisors and admins) and erasure
// on request (admins). Both are audited without personal data; see store/privacy-store.ts for
// what erasure replaces and what it keeps.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationEvents } from '../../conversation/events.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { PrivacyStore } from '../privacy/privacy-ports.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

const erasedSchema = z.object({
  customerId: z.string(),
  erasedAt: z.string(),
  counts: z.object({
    conversations: z.number().int(),
    conversationsClosed: z.number().int(),
    messages: z.number().int(),
    identities: z.number().int(),
    followUps: z.number().int(),
    followUpsCancelled: z.number().int(),
    notes: z.number().int(),
    contacts: z.number().int(),
    cases: z.number().int(),
    surveys: z.number().int(),
    chatRatings: z.number().int().describe('chat ratings (CSAT) whose comment was cleared; the scores stay'),
    auditEntriesScrubbed: z.number().int(),
  }),
});
const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const privacyRoutes: FastifyPluginAsyncZod<{ privacy: PrivacyStore; events: ConversationEvents; clock: () => Date }> = async (app, { privacy, events, clock }) => {
  app.get(
    '/api/staff/customers/:id/export',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: "All of a customer's data as a JSON file: card, identities, conversations with messages, contacts, cases, commitments, follow-ups, surveys, notes (supervisor; audited)",
        tags: ['staff'],
        params: idParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    async (request, reply) => {
      const now = clock();
      const data = await privacy.exportCustomer(request.params.id, signedIn(request).id, now);
      if (!data) throw new DomainError('not_found', `no customer ${request.params.id}`);
      const stamp = now.toISOString().slice(0, 10);
      void reply.header('content-disposition', `attachment; filename="customer-${request.params.id.replace(/[^\w-]/g, '_')}-${stamp}.json"`).header('cache-control', 'no-store');
      return data;
    },
  );

  app.post(
    '/api/staff/customers/:id/erase',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary:
          "Erase a customer's personal data on their request (admin; audited): card, messages, identities, follow-ups, notes are anonymised, the rows and counts stay; refused while a person is handling one of their conversations",
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: erasedSchema, ...errors },
      },
    },
    async (request) => {
      const result = await privacy.eraseCustomer(request.params.id, signedIn(request).id, clock());
      if ('refused' in result) {
        if (result.refused === 'not_found') throw new DomainError('not_found', `no customer ${request.params.id}`);
        throw new DomainError('conflict', `a person is handling conversation ${result.conversationIds.join(', ')} with this customer right now; close it or hand it back first`);
      }
      for (const closed of result.closedConversations) {
        // Consoles showing it move it to the closed list; best effort, the store has it.
        await events
          .publish(closed.id, { type: 'status', status: 'closed', previousStatus: closed.previousStatus })
          .catch((err: unknown) => request.log.warn({ err, conversationId: closed.id }, 'could not publish a live event'));
      }
      return { customerId: request.params.id, erasedAt: result.erasedAt.toISOString(), counts: result.erased };
    },
  );
};
