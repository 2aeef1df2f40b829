// One order as staff and the shop's system send it: the customer by id, externalId, phone or
// email (the first of these given); the amount in major units ("59.90" or 59.9) read exactly into hundredths; currency
// ISO 4217; status; placedAt ISO 8601; a short summary of the items. Shared by the staff API
// and the orders webhook so both accept exactly the same order.

import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.ts';
import { isCurrencyCode, ORDER_STATUSES, parseAmountCents } from '../../domain/orders.ts';
import type { CustomerRef, OrderInput } from './order-ports.ts';

export const MAX_ITEMS_CHARS = 500;
/** Printable, no spaces: "JD20261128001", "TB-8841/2". */
const ORDER_NUMBER = /^[^\s\p{C}]{1,64}$/u;

export type OrderBody = Omit<OrderInput, 'source'>;

/**
 * The order body schema; phones written without a country code are read as `phoneRegion`'s.
 * `strict`: other fields are refused (staff); otherwise ignored (a shop's system may send more).
 */
export function orderBodySchema(phoneRegion: string, { strict }: { strict: boolean }) {
  const refShape = z
    .object({
      id: z.string().trim().min(1).max(100),
      externalId: z.string().trim().min(1).max(100),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9 ()-]{5,25}$/, 'digits, spaces, ( ) - and an optional leading +'),
      email: z.email().max(320),
    })
    .partial();
  // The most specific of what was given names the customer: id, then externalId, phone, email.
  const customerSchema = (strict ? refShape.strict() : refShape)
    .refine((ref) => [ref.id, ref.externalId, ref.phone, ref.email].some((v) => v !== undefined), 'name the customer by id, externalId, phone or email')
    .transform((ref): CustomerRef => {
      if (ref.id !== undefined) return { id: ref.id };
      if (ref.externalId !== undefined) return { externalId: ref.externalId };
      if (ref.phone !== undefined) return { phone: normalizePhone(ref.phone, phoneRegion) };
      return { email: ref.email!.toLowerCase() };
    });
  const shape = z.object({
    number: z.string().trim().regex(ORDER_NUMBER, 'the shop’s order number: 1–64 characters without spaces').describe('the shop’s order number, unique'),
    customer: customerSchema.describe('whose order: id, externalId, phone (any spelling) or email; the first of these given is used'),
    amount: z
      .union([z.string(), z.number()])
      .transform((amount, ctx) => {
        const read = parseAmountCents(amount);
        if (read.ok) return read.cents;
        ctx.addIssue({ code: 'custom', message: `the amount ${read.reason}` });
        return z.NEVER;
      })
      .describe('in major units, as a decimal string ("59.90") or number; at most two decimals'),
    currency: z
      .string()
      .trim()
      .transform((code) => code.toUpperCase())
      .refine(isCurrencyCode, 'an ISO 4217 currency code such as CNY or USD')
      .default('CNY'),
    status: z.enum(ORDER_STATUSES).default('placed'),
    placedAt: z.iso
      .datetime({ offset: true })
      .transform((at) => new Date(at))
      .describe('ISO 8601 with offset, e.g. 2026-11-28T10:30:00+08:00'),
    items: z.string().trim().max(MAX_ITEMS_CHARS).default('').describe('what was bought, e.g. "1 × milk 1L"'),
  });
  return (strict ? shape.strict() : shape).transform(({ amount, ...order }): OrderBody => ({ ...order, amountCents: amount }));
}
