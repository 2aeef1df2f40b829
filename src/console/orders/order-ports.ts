// What the staff orders API and the shop's orders webhook need from the store: an order written
// once per number (a repeat changes nothing, a later status or amount updates it), a customer's
// orders newest first, and one order by its number. Staff writes are audited with the change.

import type { OrderSource, OrderStatus } from '../../domain/orders.ts';

/** Who the order belongs to, as the shop knows them: exactly one of these. Phones are in E.164, emails lower case. */
export type CustomerRef = { id: string } | { externalId: string } | { phone: string } | { email: string };

export interface OrderInput {
  /** The shop's order number, as the shop writes it (unique). */
  number: string;
  customer: CustomerRef;
  /** Hundredths of the currency's major unit. */
  amountCents: number;
  /** ISO 4217 */
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  /** What was bought, e.g. "1 × milk 1L". */
  items: string;
  source: OrderSource;
}

export interface OrderRecord {
  id: string;
  number: string;
  customerId: string;
  amountCents: number;
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  items: string;
  source: OrderSource;
  createdAt: Date;
  updatedAt: Date;
}

/** Who wrote the order: a staff member, or a system such as the shop's webhook (audited either way). */
export type OrderWriter = { staffId: string } | { system: string };

/** created: a new number; updated: a known number whose fields changed; unchanged: a repeat. */
export type OrderWrite = { outcome: 'created' | 'updated' | 'unchanged'; order: OrderRecord };

export interface OrderStore {
  /**
   * Creates the order or brings the one with this number up to date, and audits a creation or a
   * change in the same transaction (a repeat writes nothing).
   * @throws DomainError, in words for the one who sent it: `invalid_request` when the customer is unknown or
   * ambiguous, `conflict` when the number is another customer's order
   */
  upsertOrder(order: OrderInput, writer: OrderWriter, now: Date): Promise<OrderWrite>;
  /** A customer's orders, newest first (placedAt, then number); null when there is no such customer. */
  listForCustomer(customerId: string, page: { offset: number; limit: number }): Promise<{ orders: OrderRecord[]; total: number } | null>;
  findByNumber(number: string): Promise<OrderRecord | null>;
}
