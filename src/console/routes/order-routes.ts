// Orders from the console: a supervisor records an order (orders decide the ABC tier, so an agent
// may not, as with the tier itself), once per number — a repeat answers 200 and changes nothing,
// a changed status or amount updates it — audited; every staff member reads a customer's orders.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, isDomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { orderBodySchema } from '../orders/order-body.ts';
import type { OrderStore } from '../orders/order-ports.ts';
import { orderSchema, orderWire } from '../orders/order-wire.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

export interface OrderRoutesOptions {
  orders: OrderStore;
  clock: () => Date;
  /** DEFAULT_PHONE_REGION: a customer's phone written without a country code is read as this region's. */
  phoneRegion: string;
}

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const orderRoutes: FastifyPluginAsyncZod<OrderRoutesOptions> = async (app, { orders, clock, phoneRegion }) => {
  app.post(
    '/api/staff/orders',
    {
      schema: {
        summary: 'Record an order (supervisor or admin; audited): 201 when new, 200 when the number is known (a repeat changes nothing, a changed field updates it)',
        tags: ['staff'],
        headers: csrfHeader,
        body: orderBodySchema(phoneRegion, { strict: true }),
        response: { 200: z.object({ order: orderSchema }), 201: z.object({ order: orderSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema },
      },
      preHandler: requireRole('supervisor'),
    },
    async (request, reply) => {
      const staff = signedIn(request);
      try {
        const written = await orders.upsertOrder({ ...request.body, source: 'staff' }, { staffId: staff.id }, clock());
        return reply.status(written.outcome === 'created' ? 201 : 200).send({ order: orderWire(written.order) });
      } catch (error) {
        throw refusal(error);
      }
    },
  );

  app.get(
    '/api/staff/customers/:id/orders',
    {
      schema: {
        summary: 'A customer’s orders, newest first, paged',
        tags: ['staff'],
        params: idParams,
        querystring: pageQuery,
        response: {
          200: z.object({ orders: z.array(orderSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
          400: errorSchema,
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const listed = await orders.listForCustomer(request.params.id, { offset: (page - 1) * pageSize, limit: pageSize });
      if (!listed) throw new DomainError('not_found', `no customer ${request.params.id}`);
      return { orders: listed.orders.map(orderWire), total: listed.total, page, pageSize };
    },
  );
};

/** A customer the order cannot be filed under, named as the body field to fix; anything else as it was. */
function refusal(error: unknown): unknown {
  if (!isDomainError(error, 'invalid_request')) return error;
  return new DomainError('invalid_request', `body.customer: ${error.message}`, { cause: error });
}
