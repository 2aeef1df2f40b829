// Builds the fastify server: zod validation on every route, one error handler, rate limits,
// OpenAPI at /docs, and the route plugins of each part of the product.

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { webchatRoutes } from '../channels/webchat/routes.ts';
import { webchatPage } from '../channels/webchat/page.ts';
import { consoleRoutes } from '../console/console-routes.ts';
import { consolePage } from '../console/routes/console-page.ts';
import { ordersWebhook } from '../integrations/orders-webhook.ts';
import { DomainError } from '../domain/domain-error.ts';
import { registerErrorHandler } from './error-handler.ts';
import { pageShell } from './page-shell.ts';
import { OneLinePerRequest, requestLogger } from './request-log.ts';
import { rateLimitStoreOn, SharedRateCounter } from './shared-rate-counter.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { nluRoutes } from './routes/nlu.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { HttpServices } from './services.ts';

export async function buildServer(services: HttpServices, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: requestLogger(logger) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // A hop count becomes the function fastify itself would make of it (its types take no number).
    trustProxy: typeof services.trustProxy === 'number' ? trustHops(services.trustProxy) : services.trustProxy,
    genReqId: () => crypto.randomUUID(),
    logController: new OneLinePerRequest(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: without this, fastify's built-in text/plain parser hands the routes a
  // string and the client gets a confusing 400 instead of 415 unsupported_media_type.
  app.removeContentTypeParser('text/plain');
  registerErrorHandler(app);
  registerSecurityHeaders(app, { frameAncestors: services.frameAncestors });
  // By route pattern, never the raw URL, so the label values stay a bounded set.
  app.addHook('onResponse', (request, reply, done) => {
    services.metrics.requestDone(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  // Counted here and shared through Redis a few times a second, not a Redis round trip per request.
  const requestCounts = new SharedRateCounter(services.redis, { prefix: `${services.redisPrefix}ratelimit:` });
  app.addHook('onClose', () => requestCounts.close());
  await app.register(rateLimit, {
    global: true,
    max: services.rateLimitPerMinute,
    timeWindow: 60_000,
    store: rateLimitStoreOn(requestCounts),
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    // Thrown by the plugin and answered by the error handler like every other error.
    errorResponseBuilder: (_request, context) => new DomainError('rate_limited', `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Customer-care bot API', version: '0.1.0', description: 'Web chat, NLU, health, the staff console API and channel endpoints.' },
      components: {
        securitySchemes: { session: { type: 'http', scheme: 'bearer' }, staffSession: { type: 'apiKey', in: 'cookie', name: 'care_staff' }, metricsToken: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes, { services });
  await app.register(metricsRoutes, { services });
  await app.register(nluRoutes, { services });
  await app.register(webchatRoutes, { services });
  await app.register(webchatPage, { services });
  await app.register(pageShell);
  // Outside the console's plugin: the shop's system signs its requests instead of signing in.
  await app.register(ordersWebhook, { orders: services.orders.store, secret: services.orders.webhookSecret, phoneRegion: services.orders.phoneRegion, clock: services.console.clock });
  await app.register(consoleRoutes, { services });
  await app.register(consolePage);
  return app as unknown as FastifyInstance;
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
