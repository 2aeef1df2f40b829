// One line of an orders file → a checked row, or every reason its cells are refused.
// Columns: order_number,customer_external_id (or customer_phone, customer_email),amount,currency,
// placed_at,status,items. The amount is in major units (59.90), read exactly into hundredths.

import { isCurrencyCode, ORDER_STATUSES, parseAmountCents, type OrderStatus } from '../../domain/orders.ts';
import { readEmail, readPhone, readText, type CellReading } from './cell-checks.ts';
import type { RowContext, RowReading } from './customer-rows.ts';
import type { CsvRow } from './csv-rows.ts';
import type { ColumnLayout } from './import-columns.ts';
import type { OrderCustomerKeys, OrderImportRow, Rejection } from './import-ports.ts';

const DEFAULT_CURRENCY = 'CNY';
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readOrderRow({ line, cells }: CsvRow, layout: ColumnLayout, context: RowContext): RowReading<OrderImportRow> {
  const rejections: Rejection[] = [];
  const reject = (field: string, message: string): void => void rejections.push({ line, field, message });
  const read = <T>(column: string, reader: (text: string) => CellReading<T>): T | undefined => {
    const text = layout.cell(cells, column);
    if (text === undefined) return undefined;
    const reading = reader(text);
    if (reading.ok) return reading.value;
    reject(column, reading.message);
    return undefined;
  };

  const number = read('order_number', (text) => readText(text, 64));
  if (layout.cell(cells, 'order_number') === undefined) reject('order_number', 'the order number is empty');

  const customer: OrderCustomerKeys = {};
  const externalId = read('customer_external_id', (text) => readText(text, 100));
  const phone = read('customer_phone', (text) => readPhone(text, context.phoneRegion));
  const email = read('customer_email', readEmail);
  if (externalId !== undefined) customer.externalId = externalId;
  if (phone !== undefined) customer.phone = phone.e164;
  if (email !== undefined) customer.email = email;
  if (!['customer_external_id', 'customer_phone', 'customer_email'].some((column) => layout.cell(cells, column) !== undefined)) {
    reject(
      layout.has('customer_external_id') ? 'customer_external_id' : layout.has('customer_phone') ? 'customer_phone' : 'customer_email',
      'the row needs customer_external_id, customer_phone or customer_email to find its customer',
    );
  }

  const amount = layout.cell(cells, 'amount');
  let amountCents: number | undefined;
  if (amount === undefined) reject('amount', 'the amount is empty');
  else {
    const reading = parseAmountCents(amount);
    if (reading.ok) amountCents = reading.cents;
    else reject('amount', `${JSON.stringify(amount)} ${reading.reason}`);
  }

  const currency = read('currency', readCurrency) ?? DEFAULT_CURRENCY;
  const placedText = layout.cell(cells, 'placed_at');
  const placedAt = placedText === undefined ? undefined : readPlacedAt(placedText);
  if (placedText === undefined) reject('placed_at', 'the time the order was placed is empty');
  else if (!placedAt) reject('placed_at', `${JSON.stringify(placedText)} is not an ISO 8601 time with its offset (2026-11-28T14:03:00+08:00) or a date (2026-11-28)`);
  const status = read('status', readStatus) ?? 'placed';
  const items = read('items', (text) => readText(text, 500)) ?? '';

  if (rejections.length || number === undefined || amountCents === undefined || !placedAt) return { rejections };
  return { row: { line, number, customer, amountCents, currency, status, placedAt, items } };
}

function readCurrency(text: string): CellReading<string> {
  const code = text.toUpperCase();
  return /^[A-Z]{3}$/.test(code) && isCurrencyCode(code) ? { ok: true, value: code } : { ok: false, message: `${JSON.stringify(text)} is not an ISO 4217 currency code such as CNY or USD` };
}

function readStatus(text: string): CellReading<OrderStatus> {
  const found = ORDER_STATUSES.find((status) => status === text.toLowerCase());
  return found ? { ok: true, value: found } : { ok: false, message: `${JSON.stringify(text)} is not an order status: ${ORDER_STATUSES.join(', ')}` };
}

/** A time with its offset (or Z), or a calendar date, taken as its start in UTC. */
function readPlacedAt(text: string): Date | undefined {
  if (!ISO_DATE_TIME.test(text) && !ISO_DATE.test(text)) return undefined;
  const at = new Date(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(at.getTime())) return undefined;
  // "2026-02-30" rolls over into March in Date; a date that does not exist is refused.
  if (ISO_DATE.test(text) && at.toISOString().slice(0, 10) !== text) return undefined;
  return at;
}
