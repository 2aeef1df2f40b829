// POST /api/integrations/orders: a shop's system pushes one order, or {orders:[…]}, signed with
// ORDERS_WEBHOOK_SECRET (see webhook-signature.ts). The signature is over the exact bytes sent, so
// this plugin keeps JSON bodies as bytes (its own parser, encapsulated: other routes parse as
// before) and reads them only once they are proven. Orders are written once per number: a
// replay changes nothing, a later status updates the order; each order's result is reported.

import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../http/error-envelope.ts';
import { DomainError, isDomainError } from '../domain/domain-error.ts';
import { orderBodySchema, type OrderBody } from '../console/orders/order-body.ts';
import type { OrderStore } from '../console/orders/order-ports.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-signature.ts';

export const ORDERS_WEBHOOK_PATH = '/api/integrations/orders';
/** Orders in one call at most: a larger export is sent in several calls. */
export const MAX_ORDERS_PER_CALL = 100;
const BODY_LIMIT = 256 * 1024;
const WEBHOOK_ACTOR = 'orders-webhook';

export interface OrdersWebhookOptions {
  orders: OrderStore;
  /** ORDERS_WEBHOOK_SECRET; unset → the endpoint answers 503. */
  secret: string | undefined;
  /** DEFAULT_PHONE_REGION, for customers' phones written without a country code. */
  phoneRegion: string;
  clock: () => Date;
}

const resultSchema = z.object({
  number: z.string(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'refused']),
  orderId: z.string().optional(),
  message: z.string().optional().describe('why the order was refused'),
});

export const ordersWebhook: FastifyPluginAsync<OrdersWebhookOptions> = async (app, { orders, secret, phoneRegion, clock }) => {
  const order = orderBodySchema(phoneRegion, { strict: false });
  const batch = z.object({ orders: z.array(order).min(1).max(MAX_ORDERS_PER_CALL) });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.withTypeProvider<ZodTypeProvider>().post(
    ORDERS_WEBHOOK_PATH,
    {
      schema: {
        summary: `A shop's system pushes orders: one order or {orders:[…]} (at most ${MAX_ORDERS_PER_CALL}), the same fields as POST /api/staff/orders; signed with X-Signature-Timestamp and X-Signature (hex HMAC-SHA256 of "<timestamp>.<raw body>" with ORDERS_WEBHOOK_SECRET), within 5 minutes`,
        tags: ['integrations'],
        headers: z.object({
          [TIMESTAMP_HEADER]: z.string().optional().describe('unix seconds when the request was signed'),
          [SIGNATURE_HEADER]: z.string().optional().describe('hex HMAC-SHA256 of "<timestamp>.<raw body>"'),
        }),
        response: { 200: z.object({ results: z.array(resultSchema) }), 400: errorSchema, 401: errorSchema, 413: errorSchema, 415: errorSchema, 503: errorSchema },
      },
      bodyLimit: BODY_LIMIT,
      onRequest: async () => {
        if (!secret) throw new DomainError('unavailable', 'the orders webhook is not set up here (ORDERS_WEBHOOK_SECRET is unset)');
      },
      // Once the bytes are in, before anything reads them.
      preValidation: async (request) => {
        if (!Buffer.isBuffer(request.body)) throw new DomainError('unsupported_media_type', 'send the orders as JSON with Content-Type: application/json');
        const rawBody = request.body;
        const check = verifyWebhookSignature({ timestamp: header(request.headers[TIMESTAMP_HEADER]), signature: header(request.headers[SIGNATURE_HEADER]), rawBody }, secret!, clock());
        if (!check.ok) throw new DomainError('unauthorized', check.reason);
      },
    },
    async (request) => {
      const received = readOrders(request.body, order, batch);
      const now = clock();
      const results: z.infer<typeof resultSchema>[] = [];
      // One at a time and in the order sent: a later entry for the same number is the newer state.
      for (const body of received) {
        try {
          const written = await orders.upsertOrder({ ...body, source: 'webhook' }, { system: WEBHOOK_ACTOR }, now);
          results.push({ number: body.number, outcome: written.outcome, orderId: written.order.id });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          results.push({ number: body.number, outcome: 'refused', message: error.message });
        }
      }
      return { results };
    },
  );
};

/** The orders of a proven body: one order, or {orders:[…]}; a readable 400 otherwise. */
function readOrders(body: unknown, order: z.ZodType<OrderBody>, batch: z.ZodType<{ orders: OrderBody[] }>): OrderBody[] {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new DomainError('invalid_json', 'the request body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DomainError('invalid_request', 'send one order object, or {"orders": [ … ]}');
  if ('orders' in json) {
    const parsed = batch.safeParse(json);
    if (parsed.success) return parsed.data.orders;
    throw invalid(parsed.error);
  }
  const parsed = order.safeParse(json);
  if (parsed.success) return [parsed.data];
  throw invalid(parsed.error);
}

function invalid(error: z.ZodError): DomainError {
  return new DomainError('invalid_request', error.issues.map((issue) => `${['body', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; '));
}

function header(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
