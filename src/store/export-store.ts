// The CSV exports' reads: the customer list's filter (customer-filter-sql.ts, so an export holds
// exactly what the list shows) with keyset pages by id, and the audit entry of each export.

import type { CustomerFilter } from '../console/customers/customer-ports.ts';
import type { CustomerExportRow, ExportKind, ExportStore, OrderExportRow } from '../console/csv/export-ports.ts';
import { customerFilterSql } from './customer-filter-sql.ts';
import { parseStringArray } from './json-array.ts';
import { toDate, toDateOrNull, type SqlDriver } from './sql/sql-driver.ts';
import { insertAudit } from './sql/common-rows.ts';

interface CustomerRow {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: unknown;
  country: string | null;
  timezone: string;
  locale: string;
  tier: string;
  lifecycleStage: string;
  loyalty: string;
  tags: string;
  isKey: boolean | number;
  purchaseTotalCents: number | string;
  lastContactAt: unknown;
  createdAt: unknown;
}

interface OrderRow {
  id: string;
  number: string;
  customerId: string;
  customerExternalId: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  customerName: string | null;
  amountCents: number | string;
  currency: string;
  placedAt: unknown;
  status: string;
  items: string;
  source: string;
}

const CUSTOMER_COLUMNS = [
  'id',
  'externalId',
  'name',
  'phone',
  'email',
  'birthday',
  'country',
  'timezone',
  'locale',
  'tier',
  'lifecycleStage',
  'loyalty',
  'tags',
  'isKey',
  'purchaseTotalCents',
  'lastContactAt',
  'createdAt',
]
  .map((column) => `c."${column}"`)
  .join(', ');
const ORDER_COLUMNS = `o."id", o."number", o."customerId", c."externalId" AS "customerExternalId", c."phone" AS "customerPhone", c."email" AS "customerEmail", c."name" AS "customerName", o."amountCents", o."currency", o."placedAt", o."status", o."items", o."source"`;

export class SqlExportStore implements ExportStore {
  constructor(
    private readonly sql: SqlDriver,
    /** DEFAULT_PHONE_REGION, for a phone typed into the search without its country code. */
    private readonly phoneRegion: string,
  ) {}

  async count(kind: ExportKind, filter: CustomerFilter): Promise<number> {
    const { where, params } = customerFilterSql(filter, this.sql.dialect, this.phoneRegion);
    const from = kind === 'customers' ? '"Customer" c' : '"Order" o JOIN "Customer" c ON c."id" = o."customerId"';
    const [row] = await this.sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM ${from} WHERE ${where}`, params);
    return Number(row?.n ?? 0);
  }

  async customers(filter: CustomerFilter, page: { afterId: string; limit: number }): Promise<CustomerExportRow[]> {
    const { where, params } = customerFilterSql(filter, this.sql.dialect, this.phoneRegion);
    const rows = await this.sql.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE (${where}) AND c."id" > ? ORDER BY c."id" LIMIT ?`, [...params, page.afterId, page.limit]);
    return rows.map((row) => ({
      ...row,
      birthday: toDateOrNull(row.birthday)?.toISOString().slice(0, 10) ?? null,
      tags: parseStringArray(row.tags),
      isKey: Boolean(row.isKey),
      purchaseTotalCents: Number(row.purchaseTotalCents),
      lastContactAt: toDateOrNull(row.lastContactAt),
      createdAt: toDate(row.createdAt),
    }));
  }

  async orders(filter: CustomerFilter, page: { afterId: string; limit: number }): Promise<OrderExportRow[]> {
    const { where, params } = customerFilterSql(filter, this.sql.dialect, this.phoneRegion);
    const rows = await this.sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId" WHERE (${where}) AND o."id" > ? ORDER BY o."id" LIMIT ?`, [
      ...params,
      page.afterId,
      page.limit,
    ]);
    return rows.map((row) => ({ ...row, amountCents: Number(row.amountCents), placedAt: toDate(row.placedAt) }));
  }

  async recordExport(entry: { staffId: string; kind: ExportKind; filter: CustomerFilter; rows: number; now: Date }): Promise<void> {
    await insertAudit(this.sql, {
      actorType: 'staff',
      actorId: entry.staffId,
      action: `${entry.kind}.exported`,
      entity: entry.kind === 'customers' ? 'Customer' : 'Order',
      entityId: '-',
      details: { filter: entry.filter, rows: entry.rows },
      now: entry.now,
    });
  }
}
