// CSV exports of what the customer list shows (the same filters): the rows read page by page in a
// stable order, so a file of any size streams without the table in memory. Implemented in
// src/store/export-store.ts.

import type { CustomerFilter } from '../customers/customer-ports.ts';

export const EXPORT_KINDS = ['customers', 'orders'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface CustomerExportRow {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  country: string | null;
  timezone: string;
  locale: string;
  tier: string;
  lifecycleStage: string;
  loyalty: string;
  tags: string[];
  isKey: boolean;
  purchaseTotalCents: number;
  lastContactAt: Date | null;
  createdAt: Date;
}

export interface OrderExportRow {
  id: string;
  number: string;
  customerId: string;
  customerExternalId: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  customerName: string | null;
  amountCents: number;
  currency: string;
  placedAt: Date;
  status: string;
  items: string;
  source: string;
}

export interface ExportStore {
  /** How many customers (or orders of those customers) the filter shows. */
  count(kind: ExportKind, filter: CustomerFilter): Promise<number>;
  /** The next page of the filter's customers after `afterId` ('' for the first), by id. */
  customers(filter: CustomerFilter, page: { afterId: string; limit: number }): Promise<CustomerExportRow[]>;
  /** The next page of the orders of the filter's customers after `afterId` ('' for the first), by id. */
  orders(filter: CustomerFilter, page: { afterId: string; limit: number }): Promise<OrderExportRow[]>;
  /** Audits an export: who, which filter, how many rows. */
  recordExport(entry: { staffId: string; kind: ExportKind; filter: CustomerFilter; rows: number; now: Date }): Promise<void>;
}
