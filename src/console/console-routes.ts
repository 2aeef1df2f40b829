// The staff console API under /api/staff: one encapsulated plugin, so the session and CSRF
// checks guard exactly these routes.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HttpServices } from '../http/services.ts';
import { registerStaffAuth } from './auth/staff-auth.ts';
import { approvalRoutes } from './routes/approval-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { cannedRepliesRoutes } from './routes/canned-replies-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { conversationRoutes } from './routes/conversation-routes.ts';
import { crisisRoutes } from './routes/crisis-routes.ts';
import { customerRoutes } from './routes/customer-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { importRoutes } from './routes/import-routes.ts';
import { insightsRoutes } from './routes/insights-routes.ts';
import { jobsRoutes } from './routes/jobs-routes.ts';
import { orderRoutes } from './routes/order-routes.ts';
import { privacyRoutes } from './routes/privacy-routes.ts';
import { queueRoutes } from './routes/queue-routes.ts';
import { mergeRoutes } from './routes/merge-routes.ts';
import { routingRoutes } from './routes/routing-routes.ts';
import { segmentRoutes } from './routes/segment-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { staffEventsRoutes } from './routes/staff-events-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';

export const consoleRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  const { console: consoleServices, conversations, events } = services;
  registerStaffAuth(app, { sessions: consoleServices.sessions, findStaff: (id) => consoleServices.staff.findById(id) });
  await app.register(sessionRoutes, { console: consoleServices });
  await app.register(conversationRoutes, { console: consoleServices, conversations, events });
  await app.register(queueRoutes, { console: consoleServices, events });
  await app.register(customerRoutes, { console: consoleServices });
  await app.register(userRoutes, { console: consoleServices, events });
  await app.register(caseRoutes, { console: consoleServices, cases: consoleServices.cases, policy: services.content.policy });
  await app.register(approvalRoutes, { console: consoleServices, policy: services.content.policy });
  await app.register(routingRoutes, { console: consoleServices, routing: consoleServices.routing, events });
  await app.register(staffEventsRoutes, { services });
  await app.register(cannedRepliesRoutes);
  await app.register(jobsRoutes, { followUps: consoleServices.followUps, clock: consoleServices.clock });
  await app.register(privacyRoutes, { privacy: consoleServices.privacy, events, clock: consoleServices.clock });
  await app.register(mergeRoutes, { merges: consoleServices.merges, clock: consoleServices.clock });
  await app.register(auditRoutes, { audit: consoleServices.audit, clock: consoleServices.clock });
  await app.register(segmentRoutes, { segments: consoleServices.segments, recompute: consoleServices.recomputeSegments, clock: consoleServices.clock });
  await app.register(orderRoutes, { orders: services.orders.store, clock: consoleServices.clock, phoneRegion: services.orders.phoneRegion });
  await app.register(importRoutes, { imports: consoleServices.imports, clock: consoleServices.clock });
  await app.register(exportRoutes, { exports: consoleServices.exports, clock: consoleServices.clock });
  await app.register(webhookRoutes, { webhooks: consoleServices.webhooks, clock: consoleServices.clock });
  await app.register(insightsRoutes, { insights: consoleServices.insights, clock: consoleServices.clock });
  await app.register(crisisRoutes, { crisis: consoleServices.crisis, clock: consoleServices.clock });
};
