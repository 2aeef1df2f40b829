// Routing from the console: a person says they are online (new escalations are assigned only to
// people who are) and supervisors give a conversation to someone else.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import type { RoutingStore } from '../routing/routing-ports.ts';
import { csrfHeader, errorSchema, idParams, staffSchema, staffWire } from './wire-schemas.ts';

export const routingRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; routing: RoutingStore }> = async (app, { console: services, routing }) => {
  const { staff: staffStore, clock } = services;

  app.patch(
    '/api/staff/me',
    {
      schema: {
        summary: 'Say whether you are online: new escalations are assigned only to people who are',
        tags: ['staff'],
        headers: csrfHeader,
        body: z.object({ online: z.boolean() }).strict(),
        response: { 200: z.object({ staff: staffSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const me = signedIn(request);
      const updated = await staffStore.update(me.id, { online: request.body.online }, me.id);
      if (!updated) throw new AppError('unauthorized', 'this account no longer exists');
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
        response: { 200: z.object({ conversation: z.object({ id: z.string(), assignedStaffId: z.string() }) }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      const result = await routing.reassign(request.params.id, request.body.staffId, actor.id, clock());
      if ('refused' in result) {
        switch (result.refused) {
          case 'not_found':
            throw new AppError('not_found', `no conversation ${request.params.id}`);
          case 'no_such_staff':
            throw new AppError('not_found', `no active staff member ${request.body.staffId}`);
          case 'closed':
            throw new AppError('conflict', 'the conversation is closed');
          case 'changed':
            throw new AppError('conflict', 'the conversation changed meanwhile; reload and try again');
        }
      }
      return { conversation: { id: request.params.id, assignedStaffId: request.body.staffId } };
    },
  );
};
