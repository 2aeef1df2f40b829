// CSV imports of customers and orders: the rows as read from a file, and what the store does with
// them (src/store/import-store.ts). The store matches every row to a card or an order, and writes all
// of them in one transaction or none: a file with any rejected row writes nothing.

import type { OrderStatus } from '../../domain/orders.ts';
import type { Language } from '../../domain/types.ts';

export const IMPORT_KINDS = ['customers', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Why one row (or one cell of it) cannot be imported. `line` is the file's line, the header being line 1. */
export interface Rejection {
  line: number;
  /** The column, as named in the header ('' for the row as a whole). */
  field: string;
  message: string;
}

/** A customer row, with only the cells that have a value; already checked and normalised. */
export interface CustomerImportRow {
  line: number;
  externalId?: string;
  name?: string;
  /** E.164 */
  phone?: string;
  /** The phone's country (read with it: the card's country when the file gives none). */
  phoneCountry?: string;
  /** lower case */
  email?: string;
  /** YYYY-MM-DD */
  birthday?: string;
  /** ISO 3166-1 alpha-2, upper case */
  country?: string;
  /** IANA */
  timezone?: string;
  locale?: Language;
}

/** Who an order belongs to: at least one of these, tried in this order. */
export interface OrderCustomerKeys {
  externalId?: string;
  /** E.164 */
  phone?: string;
  /** lower case */
  email?: string;
}

export interface OrderImportRow {
  line: number;
  number: string;
  customer: OrderCustomerKeys;
  /** Hundredths of the major unit. */
  amountCents: number;
  currency: string;
  status: OrderStatus;
  placedAt: Date;
  items: string;
}

/** Who imports: a staff member in the console, or someone at the command line (npm run import). */
export type ImportActor = { staffId: string } | { system: 'cli' };

export interface ImportOptions {
  /** False: match and count only (a dry run, or a file with rejected cells), write nothing. */
  write: boolean;
  actor: ImportActor;
  importId: string;
  now: Date;
  /** Rows written so far of all to write, after each batch. */
  onProgress?: (written: number, total: number) => void;
}

/** What the store did, or would do: cards or orders created and updated, and rows it could not match. */
export interface ImportOutcome {
  imported: number;
  updated: number;
  rejected: Rejection[];
  written: boolean;
}

export interface ImportStore {
  /**
   * Upserts the cards: by external id, else by phone, else by email (further phones and emails of a
   * card count too); a cell left empty keeps what the card has. Imported fields are marked confirmed
   * by 'import'. Written in one transaction with its audit entry, only when `write` is set and no row
   * is rejected here (an ambiguous match, a row matching a card an earlier row already did).
   */
  importCustomers(rows: readonly CustomerImportRow[], options: ImportOptions): Promise<ImportOutcome>;
  /** Upserts the orders by number, each for the customer its keys find (an unknown or ambiguous customer rejects the row). */
  importOrders(rows: readonly OrderImportRow[], options: ImportOptions): Promise<ImportOutcome>;
}
