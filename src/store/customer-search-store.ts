// The customer list: search and filters (see customer-filter-sql.ts) with offset paging in a stable
// order, on direct SQL so one query serves both databases without Prisma's per-call compiling.

import type { CustomerFilter, CustomerListItem, CustomerPage, CustomerSearchStore } from '../console/customers/customer-ports.ts';
import { parseTier } from '../domain/types.ts';
import { CUSTOMER_ORDER_SQL, customerFilterSql } from './customer-filter-sql.ts';
import { parseStringArray } from './json-array.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';
import { toDate, toDateOrNull } from './sql/sql-driver.ts';

interface ListRow {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: string;
  lifecycleStage: string;
  loyalty: string;
  isKey: boolean | number;
  tags: string;
  country: string | null;
  lastContactAt: unknown;
  createdAt: unknown;
  erasedAt: unknown;
}

const LIST_COLUMNS = ['id', 'externalId', 'name', 'phone', 'email', 'tier', 'lifecycleStage', 'loyalty', 'isKey', 'tags', 'country', 'lastContactAt', 'createdAt', 'erasedAt']
  .map((column) => `c."${column}"`)
  .join(', ');

export class SqlCustomerSearchStore implements CustomerSearchStore {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly phoneRegion: string,
  ) {}

  async search(filter: CustomerFilter, page: { page: number; pageSize: number }): Promise<CustomerPage> {
    const { where, params } = customerFilterSql(filter, this.sql.dialect, this.phoneRegion);
    const offset = (page.page - 1) * page.pageSize;
    const [rows, [count]] = await Promise.all([
      this.sql.query<ListRow>(`SELECT ${LIST_COLUMNS} FROM "Customer" c WHERE ${where} ${CUSTOMER_ORDER_SQL} LIMIT ? OFFSET ?`, [...params, page.pageSize, offset]),
      this.sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "Customer" c WHERE ${where}`, params),
    ]);
    return { customers: rows.map(toListItem), total: Number(count?.n ?? 0) };
  }
}

function toListItem(row: ListRow): CustomerListItem {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    phone: row.phone,
    email: row.email,
    tier: parseTier(row.tier),
    lifecycleStage: row.lifecycleStage,
    loyalty: row.loyalty,
    isKey: Boolean(row.isKey),
    tags: parseStringArray(row.tags),
    country: row.country,
    lastContactAt: toDateOrNull(row.lastContactAt),
    createdAt: toDate(row.createdAt),
    erased: row.erasedAt !== null && row.erasedAt !== undefined,
  };
}
