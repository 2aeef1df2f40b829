// Staff accounts, for admins: list, create, change name, role or password, disable. Role and
// other changes are audited; a new password or a disabled account ends that person's sessions.
// Everyone may see who their colleagues are (to pick an assignee or a key account manager).

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { refuseWeakPassword } from '../auth/password-policy.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import type { ConversationEvents } from '../../conversation/events.ts';
import type { ConsoleServices } from '../console-services.ts';
import { ConversationRouter } from '../routing/conversation-router.ts';
import { routeWaitingAndAnnounce } from '../routing/route-waiting.ts';
import { STAFF_ROLES, type StaffChanges } from '../ports.ts';
import { csrfHeader, errorSchema, idParams, staffSchema, staffWire } from './wire-schemas.ts';

// Length and content rules are checked by passwordProblem (they need the account's email).
const password = z.string().min(1).max(1024);
const name = z.string().trim().min(1).max(120);

export const userRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; events: ConversationEvents }> = async (app, { console: services, events }) => {
  const { staff: staffStore, sessions, passwords } = services;
  const router = new ConversationRouter(services.routing, app.log, services.clock);
  const adminOnly = requireRole('admin');

  app.get(
    '/api/staff/users',
    { preHandler: adminOnly, schema: { summary: 'Staff accounts (admin)', tags: ['staff'], response: { 200: z.object({ users: z.array(staffSchema) }), 401: errorSchema, 403: errorSchema } } },
    async () => ({ users: (await staffStore.list()).map(staffWire) }),
  );

  app.get(
    '/api/staff/colleagues',
    {
      schema: {
        summary: 'Enabled staff accounts by name, role and presence, for assigning a conversation or a key account manager',
        tags: ['staff'],
        response: { 200: z.object({ colleagues: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(STAFF_ROLES), online: z.boolean() })) }), 401: errorSchema },
      },
    },
    async () => {
      const enabled = (await staffStore.list()).filter((s) => !s.disabled);
      return { colleagues: enabled.map(({ id, name: staffName, role, online }) => ({ id, name: staffName, role, online })) };
    },
  );

  app.post(
    '/api/staff/users',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Create a staff account (admin)',
        tags: ['staff'],
        headers: csrfHeader,
        body: z.object({ email: z.email().max(320), name, password, role: z.enum(STAFF_ROLES) }),
        response: { 201: z.object({ user: staffSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const { email, role } = request.body;
      refuseWeakPassword(request.body.password, email);
      const user = await staffStore.create({ id: randomUUID(), email: email.toLowerCase(), name: request.body.name, role, passwordHash: await passwords.hash(request.body.password) }, actor.id);
      return reply.status(201).send({ user: staffWire(user) });
    },
  );

  app.patch(
    '/api/staff/users/:id',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Change a staff account: name, role, password, disabled, routing capacity, linked Telegram user (admin)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z
          .object({
            name: name.optional(),
            role: z.enum(STAFF_ROLES).optional(),
            password: password.optional(),
            disabled: z.boolean().optional(),
            capacity: z.number().int().min(0).max(100).optional().describe('most queued and held conversations routing assigns to this person'),
            telegramUserId: z
              .string()
              .regex(/^\d{1,20}$/, 'a numeric Telegram user id')
              .nullable()
              .optional()
              .describe('lets this person claim conversations from the staff alert chat; null unlinks'),
          })
          .strict()
          .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one field'),
        response: { 200: z.object({ user: staffSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      const { name: newName, role, password: newPassword, disabled, capacity, telegramUserId } = request.body;
      // An admin cannot lock themself out; another admin can.
      if (request.params.id === actor.id && ((role !== undefined && role !== 'admin') || disabled === true)) {
        throw new DomainError('conflict', 'you cannot demote or disable your own account; ask another admin');
      }
      if (newPassword !== undefined) {
        const target = await staffStore.findById(request.params.id);
        if (!target) throw new DomainError('not_found', `no staff member ${request.params.id}`);
        refuseWeakPassword(newPassword, target.email);
      }
      const changes: StaffChanges = {
        ...(newName !== undefined ? { name: newName } : {}),
        ...(role !== undefined ? { role } : {}),
        ...(disabled !== undefined ? { disabled } : {}),
        ...(capacity !== undefined ? { capacity } : {}),
        ...(telegramUserId !== undefined ? { telegramUserId } : {}),
        ...(newPassword !== undefined ? { passwordHash: await passwords.hash(newPassword) } : {}),
      };
      const user = await staffStore.update(request.params.id, changes, actor.id);
      if (!user) throw new DomainError('not_found', `no staff member ${request.params.id}`);
      if (newPassword !== undefined || disabled === true) await sessions.destroyAll(user.id);
      // More room for someone online: conversations waiting unassigned may now be theirs.
      if (capacity !== undefined && user.online && !user.disabled) await routeWaitingAndAnnounce(router, events, request.log);
      return { user: staffWire(user) };
    },
  );
};
