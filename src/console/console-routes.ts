// The staff console API under /api/staff: one encapsulated plugin, so the session and CSRF
// checks guard exactly these routes.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HttpServices } from '../http/services.ts';
import { registerStaffAuth } from './auth/staff-auth.ts';
import { conversationRoutes } from './routes/conversation-routes.ts';
import { customerRoutes } from './routes/customer-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { userRoutes } from './routes/user-routes.ts';

export const consoleRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  const { console: consoleServices, conversations, events } = services;
  registerStaffAuth(app, { sessions: consoleServices.sessions, findStaff: (id) => consoleServices.staff.findById(id) });
  await app.register(sessionRoutes, { console: consoleServices });
  await app.register(conversationRoutes, { console: consoleServices, conversations, events });
  await app.register(customerRoutes, { console: consoleServices });
  await app.register(userRoutes, { console: consoleServices });
};
