// The export files: a UTF-8 byte-order mark (so Excel reads the Chinese right), CRLF lines, and every
// cell formula-guarded. The columns an import reads come first under the same names, so an
// exported file imports back as it is. Rows are read a page at a time as the client takes them
// (csv-stringify's backpressure), never the whole table at once.

import { Readable, pipeline, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import { formatCents } from './money-text.ts';
import type { CustomerFilter } from '../customers/customer-ports.ts';
import type { CustomerExportRow, ExportKind, ExportStore, OrderExportRow } from './export-ports.ts';
import { CUSTOMER_COLUMNS, ORDER_COLUMNS } from './import-columns.ts';
import { guardFormula } from './formula-guard.ts';

const PAGE = 1000;

const CUSTOMER_EXPORT_COLUMNS = [...CUSTOMER_COLUMNS, 'id', 'tier', 'lifecycle_stage', 'loyalty', 'tags', 'is_key', 'purchase_total', 'last_contact_at', 'created_at'];
const ORDER_EXPORT_COLUMNS = [...ORDER_COLUMNS, 'source', 'customer_id', 'customer_name'];

type Cell = string | null;

/** The CSV file of the filter's customers or their orders, as a stream; `onError` hears a failure mid-way (the response is then cut short). */
export function exportCsv(store: ExportStore, kind: ExportKind, filter: CustomerFilter, onError: (error: unknown) => void): Transform {
  const rows = kind === 'customers' ? pages(store.customers.bind(store), filter, customerCells) : pages(store.orders.bind(store), filter, orderCells);
  const file = stringify({
    bom: true,
    header: true,
    columns: kind === 'customers' ? CUSTOMER_EXPORT_COLUMNS : ORDER_EXPORT_COLUMNS,
    record_delimiter: 'windows',
    cast: { string: guardFormula },
  });
  pipeline(Readable.from(rows), file, (error) => {
    if (error) onError(error);
  });
  return file;
}

async function* pages<T extends { id: string }>(
  read: (filter: CustomerFilter, page: { afterId: string; limit: number }) => Promise<T[]>,
  filter: CustomerFilter,
  cells: (row: T) => Cell[],
): AsyncGenerator<Cell[]> {
  for (let afterId = ''; ;) {
    const rows = await read(filter, { afterId, limit: PAGE });
    for (const row of rows) yield cells(row);
    if (rows.length < PAGE) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

function customerCells(c: CustomerExportRow): Cell[] {
  return [
    c.externalId,
    c.name,
    c.phone,
    c.email,
    c.birthday,
    c.country,
    c.timezone,
    c.locale,
    c.id,
    c.tier,
    c.lifecycleStage,
    c.loyalty,
    c.tags.join('; '),
    c.isKey ? 'yes' : 'no',
    formatCents(c.purchaseTotalCents),
    c.lastContactAt?.toISOString() ?? null,
    c.createdAt.toISOString(),
  ];
}

function orderCells(o: OrderExportRow): Cell[] {
  return [
    o.number,
    o.customerExternalId,
    o.customerPhone,
    o.customerEmail,
    formatCents(o.amountCents),
    o.currency,
    o.placedAt.toISOString(),
    o.status,
    o.items,
    o.source,
    o.customerId,
    o.customerName,
  ];
}
