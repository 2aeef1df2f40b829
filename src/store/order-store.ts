// Orders from the shop: written once per number by staff, imports and the shop's webhook (Prisma,
// off the hot path), and looked up for the conversation when a customer quotes an order number
// (direct SQL: one indexed read, and only on turns that carry a number).

import { randomUUID } from 'node:crypto';
import type { CustomerRef, OrderInput, OrderRecord, OrderStore, OrderWrite, OrderWriter } from '../console/orders/order-ports.ts';
import type { CustomerOrderLookup } from '../conversation/ports.ts';
import { DomainError } from '../domain/domain-error.ts';
import type { OrderOnFile } from '../domain/flow/context.ts';
import { ORDER_SOURCES, ORDER_STATUSES } from '../domain/orders.ts';
import { columnParser } from '../domain/types.ts';
import type { Db, DbTx } from './db-types.ts';
import { isUniqueViolation } from './staff-store.ts';
import { toDate, type SqlExecutor } from './sql/sql-driver.ts';

/** The fields an order update may change, in the order an audit lists them. */
const CHANGEABLE = ['amountCents', 'currency', 'status', 'placedAt', 'items'] as const;
/** A card merged into another and merged on again: a chain this long is followed to its end. */
const MAX_MERGE_HOPS = 5;

type OrderRow = Awaited<ReturnType<Db['order']['findUniqueOrThrow']>>;

export class PrismaOrderStore implements OrderStore {
  constructor(private readonly db: Db) {}

  async upsertOrder(input: OrderInput, writer: OrderWriter, now: Date): Promise<OrderWrite> {
    try {
      return await this.db.$transaction((tx) => writeOrder(tx, input, writer, now));
    } catch (error) {
      // Two writers created the same new number at once: the loser's write is now an update (or a repeat).
      if (!isUniqueViolation(error)) throw error;
      return this.db.$transaction((tx) => writeOrder(tx, input, writer, now));
    }
  }

  async listForCustomer(customerId: string, page: { offset: number; limit: number }): Promise<{ orders: OrderRecord[]; total: number } | null> {
    if (!(await this.db.customer.findUnique({ where: { id: customerId }, select: { id: true } }))) return null;
    const [rows, total] = await Promise.all([
      this.db.order.findMany({ where: { customerId }, orderBy: [{ placedAt: 'desc' }, { number: 'desc' }], skip: page.offset, take: page.limit }),
      this.db.order.count({ where: { customerId } }),
    ]);
    return { orders: rows.map(toOrderRecord), total };
  }

  async findByNumber(number: string): Promise<OrderRecord | null> {
    const row = await this.db.order.findUnique({ where: { number } });
    return row ? toOrderRecord(row) : null;
  }
}

/** The conversation's read: only ever among the customer's own orders, so another customer's number is as good as unknown. */
export class SqlCustomerOrderLookup implements CustomerOrderLookup {
  constructor(private readonly sql: SqlExecutor) {}

  async findCustomerOrder(customerId: string, number: string): Promise<OrderOnFile | null> {
    // Customers type numbers in any case ("jd2026…"); a customer's orders are few, so the index on customerId narrows it first.
    const [row] = await this.sql.query<{ id: string; number: string; amountCents: number; currency: string; status: string; placedAt: unknown; items: string }>(
      `SELECT "id", "number", "amountCents", "currency", "status", "placedAt", "items" FROM "Order" WHERE "customerId" = ? AND UPPER("number") = ? ORDER BY "placedAt" DESC LIMIT 1`,
      [customerId, number.toUpperCase()],
    );
    if (!row) return null;
    return { id: row.id, number: row.number, amountCents: Number(row.amountCents), currency: row.currency, status: row.status, placedAt: toDate(row.placedAt).toISOString(), items: row.items };
  }
}

async function writeOrder(tx: DbTx, input: OrderInput, writer: OrderWriter, now: Date): Promise<OrderWrite> {
  const customerId = await resolveCustomer(tx, input.customer);
  const existing = await tx.order.findUnique({ where: { number: input.number } });
  if (existing && existing.customerId !== customerId) {
    throw new DomainError('conflict', `order ${input.number} is already on file for another customer; an order number belongs to one customer`);
  }
  const fields = { amountCents: input.amountCents, currency: input.currency, status: input.status, placedAt: input.placedAt, items: input.items };
  if (!existing) {
    const row = await tx.order.create({ data: { id: randomUUID(), number: input.number, customerId, ...fields, source: input.source, createdAt: now, updatedAt: now } });
    await audit(tx, writer, 'order.created', row.id, { number: row.number, customerId, source: input.source, ...fields, placedAt: fields.placedAt.toISOString() }, now);
    return { outcome: 'created', order: toOrderRecord(row) };
  }
  const changes = Object.fromEntries(
    CHANGEABLE.flatMap((key) => {
      const from = wireValue(existing[key]);
      const to = wireValue(fields[key]);
      return from === to ? [] : [[key, { from, to }]];
    }),
  );
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged', order: toOrderRecord(existing) };
  const row = await tx.order.update({ where: { id: existing.id }, data: { ...fields, updatedAt: now } });
  await audit(tx, writer, 'order.updated', row.id, { number: row.number, customerId, source: input.source, changes }, now);
  return { outcome: 'updated', order: toOrderRecord(row) };
}

/** The one live card the reference names (a merged card leads to the card it was merged into). */
async function resolveCustomer(tx: DbTx, ref: CustomerRef): Promise<string> {
  const described = describeRef(ref);
  let ids: string[];
  if ('id' in ref) ids = (await tx.customer.findMany({ where: { id: ref.id, erasedAt: null }, select: { id: true } })).map((c) => c.id);
  else if ('externalId' in ref) ids = (await tx.customer.findMany({ where: { externalId: ref.externalId, erasedAt: null }, select: { id: true } })).map((c) => c.id);
  else {
    const kind = 'phone' in ref ? 'phone' : 'email';
    const value = 'phone' in ref ? ref.phone : ref.email;
    const [own, points] = await Promise.all([
      tx.customer.findMany({ where: { [kind]: value, erasedAt: null }, select: { id: true } }),
      tx.contactPoint.findMany({ where: { kind, value }, select: { customerId: true } }),
    ]);
    ids = [...own.map((c) => c.id), ...points.map((p) => p.customerId)];
    // A card from before emails were lower-cased keeps the spelling typed in the console: a slower read, only when nothing matched.
    if (ids.length === 0 && kind === 'email') {
      ids = (await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Customer" WHERE LOWER("email") = ${value} AND "erasedAt" IS NULL`).map((c) => c.id);
    }
  }
  const live = new Set<string>();
  for (const id of new Set(ids)) live.add(await followMerges(tx, id));
  if (live.size === 0) throw new DomainError('invalid_request', `no customer with ${described}; create the customer first (or import it), then send the order`);
  if (live.size > 1) throw new DomainError('invalid_request', `${live.size} customers have ${described}; name the customer by id or externalId`);
  const [customerId] = live;
  if (!(await tx.customer.findFirst({ where: { id: customerId!, erasedAt: null }, select: { id: true } }))) {
    throw new DomainError('invalid_request', `the customer with ${described} has been erased`);
  }
  return customerId!;
}

async function followMerges(tx: DbTx, customerId: string): Promise<string> {
  let id = customerId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const merge = await tx.customerMerge.findFirst({ where: { mergedId: id, undoneAt: null }, orderBy: { createdAt: 'desc' }, select: { keptId: true } });
    if (!merge) return id;
    id = merge.keptId;
  }
  return id;
}

function describeRef(ref: CustomerRef): string {
  if ('id' in ref) return `id ${ref.id}`;
  if ('externalId' in ref) return `externalId ${ref.externalId}`;
  if ('phone' in ref) return `phone ${ref.phone}`;
  return `email ${ref.email}`;
}

async function audit(tx: DbTx, writer: OrderWriter, action: string, orderId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  const actor = 'staffId' in writer ? { actorType: 'staff', actorId: writer.staffId } : { actorType: 'system', actorId: writer.system };
  await tx.auditLog.create({ data: { id: randomUUID(), ...actor, action, entity: 'Order', entityId: orderId, details: JSON.stringify(details), createdAt: now } });
}

function wireValue(value: string | number | Date): string | number {
  return value instanceof Date ? value.toISOString() : value;
}

function toOrderRecord(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    amountCents: row.amountCents,
    currency: row.currency,
    status: parseOrderStatus(row.status),
    placedAt: row.placedAt,
    items: row.items,
    source: parseOrderSource(row.source),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const parseOrderStatus = columnParser(ORDER_STATUSES, 'Order.status');
const parseOrderSource = columnParser(ORDER_SOURCES, 'Order.source');
