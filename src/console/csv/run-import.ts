// One import, from the file's first byte to the summary: the same for the console's upload and for
// `npm run import`. The file is read as it streams in and every row checked; the rows are then
// matched and written by the store in one transaction. All or nothing: one rejected row and
// nothing is written, and the answer lists every rejected cell so the file can be fixed at once.
// A dry run goes through the same steps and writes nothing.

import type { Readable } from 'node:stream';
import { DomainError } from '../../domain/domain-error.ts';
import { csvRows } from './csv-rows.ts';
import { readCustomerRow, type RowContext, type RowReading } from './customer-rows.ts';
import { ColumnLayout } from './import-columns.ts';
import type { CustomerImportRow, ImportActor, ImportKind, ImportOutcome, ImportStore, OrderImportRow, Rejection } from './import-ports.ts';
import { readOrderRow } from './order-rows.ts';

/** Bigger files are refused (413): split them. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 500_000;
/** The answer lists this many rejections at most; rejectedTotal counts them all. */
export const REJECTIONS_LISTED = 1000;

export interface ImportSummary {
  importId: string;
  kind: ImportKind;
  dryRun: boolean;
  /** Whether anything was written (false for a dry run and for a file with rejections). */
  written: boolean;
  /** Data rows in the file (the header and empty lines not counted). */
  rows: number;
  /** New cards or orders (in a dry run: that would be). */
  imported: number;
  /** Existing cards or orders brought up to date (in a dry run: that would be). */
  updated: number;
  /** By line, at most REJECTIONS_LISTED. */
  rejected: Rejection[];
  rejectedTotal: number;
  /** Header cells that are no column of this kind, left alone (a misspelt column shows here). */
  ignoredColumns: string[];
}

export type ImportPhase = 'reading' | 'matching' | 'writing' | 'done' | 'failed';

export interface ImportTick {
  phase: ImportPhase;
  bytesRead: number;
  rowsRead: number;
  rowsWritten: number;
  rowsToWrite: number;
}

export interface ImportRequest {
  kind: ImportKind;
  source: Readable;
  dryRun: boolean;
  actor: ImportActor;
  importId: string;
  now: Date;
  /** DEFAULT_PHONE_REGION: numbers without a country code are this region's. */
  phoneRegion: string;
  onProgress?: (tick: ImportTick) => void;
}

export interface ImportDeps {
  store: ImportStore;
  /** Runs after an import wrote something: the computed segments (tiers, lifecycle, loyalty) follow the new data. */
  afterImport: (summary: ImportSummary) => Promise<void>;
}

/** @throws DomainError for a file that cannot be read as a whole (not UTF-8, bad CSV, a missing column, too big) */
export async function runImport(deps: ImportDeps, request: ImportRequest): Promise<ImportSummary> {
  const tick: ImportTick = { phase: 'reading', bytesRead: 0, rowsRead: 0, rowsWritten: 0, rowsToWrite: 0 };
  const report = (change: Partial<ImportTick>): void => {
    Object.assign(tick, change);
    request.onProgress?.({ ...tick });
  };
  const context: RowContext = { phoneRegion: request.phoneRegion, now: request.now };
  const rows = csvRows(request.source, { maxBytes: MAX_IMPORT_BYTES, onBytes: (bytes) => (tick.bytesRead = bytes) });
  const valid: (CustomerImportRow | OrderImportRow)[] = [];
  const rejected: Rejection[] = [];
  let count = 0;
  let layout: ColumnLayout;
  try {
    const header = await rows.next();
    if (header.done) throw new DomainError('invalid_request', 'the file is empty: its first line must be the header (e.g. external_id,name,phone,email)');
    layout = ColumnLayout.fromHeader(request.kind, header.value.cells);
    report({});
    const readRow = request.kind === 'customers' ? readCustomerRow : readOrderRow;
    for await (const row of rows) {
      count += 1;
      if (count > MAX_IMPORT_ROWS) throw new DomainError('payload_too_large', `the file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows: split it into smaller files`);
      const reading: RowReading<CustomerImportRow | OrderImportRow> = readRow(row, layout, context);
      if (reading.rejections) rejected.push(...reading.rejections);
      else valid.push(reading.row);
      if (count % 1000 === 0) report({ rowsRead: count });
    }
  } finally {
    // Stops reading a file given up on half-way (its reader lets go of the source).
    await rows.return(undefined);
  }
  report({ phase: 'matching', rowsRead: count });

  const options = {
    // Rows with bad cells are still matched, so one answer tells everything wrong with the file.
    write: !request.dryRun && rejected.length === 0,
    actor: request.actor,
    importId: request.importId,
    now: request.now,
    onProgress: (written: number, total: number) => report({ phase: 'writing', rowsWritten: written, rowsToWrite: total }),
  };
  const outcome: ImportOutcome =
    request.kind === 'customers' ? await deps.store.importCustomers(valid as CustomerImportRow[], options) : await deps.store.importOrders(valid as OrderImportRow[], options);
  const allRejected = [...rejected, ...outcome.rejected].sort((a, b) => a.line - b.line);
  const clean = allRejected.length === 0;
  const summary: ImportSummary = {
    importId: request.importId,
    kind: request.kind,
    dryRun: request.dryRun,
    written: outcome.written,
    rows: count,
    imported: clean ? outcome.imported : 0,
    updated: clean ? outcome.updated : 0,
    rejected: allRejected.slice(0, REJECTIONS_LISTED),
    rejectedTotal: allRejected.length,
    ignoredColumns: [...layout.ignored],
  };
  report({ phase: 'done' });
  // The one place an import hands over to the segments: only when something was written.
  if (summary.written) await deps.afterImport(summary);
  return summary;
}
