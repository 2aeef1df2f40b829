// GET /metrics: Prometheus text, for a scraper holding METRICS_TOKEN or, without one, for loopback
// only (the rules are in src/metrics/scrape-access.ts).

import { z } from 'zod';
import { errorSchema } from '../error-envelope.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isForwarded, scrapeAccess } from '../../metrics/scrape-access.ts';
import { DomainError } from '../../domain/domain-error.ts';
import type { HttpServices } from '../services.ts';

export const metricsRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description:
          'Prometheus text format: messages, turn durations, escalations, queue length, follow-ups, LLM calls, HTTP durations and process metrics. ' +
          'With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>` (from anywhere, loopback included); without it, only loopback clients not behind a proxy are served.',
        tags: ['health'],
        security: [{ metricsToken: [] }],
        produces: ['text/plain', 'application/json'],
        response: { 200: z.string().describe('Prometheus text exposition format 0.0.4'), 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const verdict = scrapeAccess({ authorization: request.headers.authorization, socketAddress: request.socket.remoteAddress, forwarded: isForwarded(request.headers) }, services.metricsToken);
      if (!verdict.allowed) {
        if (verdict.status === 401) reply.header('www-authenticate', 'Bearer');
        throw new DomainError(verdict.code, verdict.message);
      }
      const { contentType, text } = await services.metrics.scrape();
      return reply.type(contentType).send(text);
    },
  );
};
