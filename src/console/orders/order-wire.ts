// An order as the staff API and the orders webhook send it back.

import { z } from 'zod';
import { ORDER_SOURCES, ORDER_STATUSES } from '../../domain/orders.ts';
import type { OrderRecord } from './order-ports.ts';

export const orderSchema = z.object({
  id: z.string(),
  number: z.string(),
  customerId: z.string(),
  amountCents: z.number().int().describe('hundredths of the currency’s major unit: 59.90 → 5990'),
  currency: z.string(),
  status: z.enum(ORDER_STATUSES),
  placedAt: z.string(),
  items: z.string(),
  source: z.enum(ORDER_SOURCES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function orderWire(order: OrderRecord): z.infer<typeof orderSchema> {
  return { ...order, placedAt: order.placedAt.toISOString(), createdAt: order.createdAt.toISOString(), updatedAt: order.updatedAt.toISOString() };
}
