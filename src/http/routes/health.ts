// GET /healthz (liveness): 200 when the store and Redis answer, 503 otherwise.
// GET /readyz (readiness): 200 when the store and Redis answer and every migration is applied.

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkReadiness } from '../readiness.ts';
import type { HttpServices } from '../services.ts';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), store: z.boolean(), redis: z.boolean() });
const checkResult = z.enum(['ok', 'failed', 'pending']);
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: checkResult, redis: checkResult, migrations: checkResult.describe('pending: a migration this code ships is not applied') }),
});

export const healthRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.get('/healthz', { schema: { summary: 'Liveness and dependencies', tags: ['health'], response: { 200: healthSchema, 503: healthSchema } } }, async (_request, reply) => {
    const checks = await services.checkHealth();
    const ok = checks.store && checks.redis;
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', ...checks });
  });
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness',
        description: 'Whether this instance may take traffic: the store answers, Redis answers PING and every migration the code ships is applied. 503 names the failing checks.',
        tags: ['health'],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const { ready, checks } = await checkReadiness(services.readiness);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
};
