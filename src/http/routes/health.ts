// GET /healthz: 200 when the store and Redis answer, 503 otherwise.

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HttpServices } from '../services.ts';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), store: z.boolean(), redis: z.boolean() });

export const healthRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness and dependencies', tags: ['health'], response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      const checks = await services.checkHealth();
      const ok = checks.store && checks.redis;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', ...checks });
    },
  );
};
