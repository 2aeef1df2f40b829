// Routing from the console: a person says they are online (escalations are assigned only to
// people who are, and the conversations already waiting go to them at once) and supervisors give
// a conversation to someone else.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationEvents } from '../../conversation/events.ts';
import type { ConversationStatus } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import { routeWaitingAndAnnounce } from '../routing/route-waiting.ts';
import { ConversationRouter } from '../routing/conversation-router.ts';
import type { RoutingStore } from '../routing/routing-ports.ts';
import { csrfHeader, errorSchema, idParams, staffSchema, staffWire } from './wire-schemas.ts';

export const routingRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; routing: RoutingStore; events: ConversationEvents }> = async (app, { console: services, routing, events }) => {
  const { staff: staffStore, clock } = services;
  const router = new ConversationRouter(routing, app.log, clock);

  /** Consoles refresh their queue on a status event, also when an assignment kept the status. */
  async function announce(conversationId: string, status: ConversationStatus, previousStatus: ConversationStatus): Promise<void> {
    await events.publish(conversationId, { type: 'status', status, previousStatus }).catch((err: unknown) => {
      // Best effort, as everywhere: the assignment is stored and the queue route serves it.
      app.log.warn({ err, conversationId }, 'could not publish a live event');
    });
  }

  app.patch(
    '/api/staff/me',
    {
      schema: {
        summary: 'Say whether you are online: escalations are assigned only to people who are; coming online takes waiting conversations up to your capacity',
        tags: ['staff'],
        headers: csrfHeader,
        body: z.object({ online: z.boolean() }).strict(),
        response: { 200: z.object({ staff: staffSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const me = signedIn(request);
      const updated = await staffStore.update(me.id, { online: request.body.online }, me.id);
      if (!updated) throw new DomainError('unauthorized', 'this account no longer exists');
      if (updated.online) {
        // Conversations queued while nobody had room were never routed; now somebody may have.
        await routeWaitingAndAnnounce(router, events, request.log);
      }
      return { staff: staffWire(updated) };
    },
  );

  app.post(
    '/api/staff/conversations/:id/assign',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Give the conversation to a staff member (supervisor); a held conversation moves with its hold',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ staffId: z.string().min(1).max(100) }),
        response: {
          200: z.object({ conversation: z.object({ id: z.string(), assignedStaffId: z.string() }) }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      const result = await routing.reassign(request.params.id, request.body.staffId, actor.id, clock());
      if ('refused' in result) {
        switch (result.refused) {
          case 'not_found':
            throw new DomainError('not_found', `no conversation ${request.params.id}`);
          case 'no_such_staff':
            throw new DomainError('not_found', `no active staff member ${request.body.staffId}`);
          case 'closed':
            throw new DomainError('conflict', 'the conversation is closed');
          case 'changed':
            throw new DomainError('conflict', 'the conversation changed meanwhile; reload and try again');
        }
      }
      await announce(request.params.id, result.status, result.from);
      return { conversation: { id: request.params.id, assignedStaffId: request.body.staffId } };
    },
  );
};
