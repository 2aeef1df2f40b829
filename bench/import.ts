// The CSV import at scale: 100,000 generated customers (the sample generator's, bigger) and their
// orders imported into a fresh SQLite file through the same path as `npm run import` (stream → check
// every row → match → one transaction of multi-row upserts), then the same customers file again
// (every row an update). Baseline measured in the same run: a bare better-sqlite3 INSERT of the very
// rows the import wrote (one prepared statement, one transaction, same table and indexes) — the floor
// for writing them. Segments are not recomputed here (their own cost; see the segments' tests).
//
//   npm run bench:import                        (100,000 customers, about 100,000 orders)
//   BENCH_CUSTOMERS=20000 npm run bench:import
//
// Target: 100,000 customers in well under a minute. The last line is machine-readable:
//   import: customers=<n> customers_per_s=<n> update_per_s=<n> orders=<n> orders_per_s=<n> baseline_per_s=<n> ratio=<n>

import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { runImport, type ImportSummary } from '../src/console/csv/run-import.ts';
import type { ImportKind } from '../src/console/csv/import-ports.ts';
import { openSqlDatabase } from '../src/store/database.ts';
import { SqlImportStore } from '../src/store/import-store.ts';
import type { SqlDriver } from '../src/store/sql/sql-driver.ts';
import { customersCsv, ordersCsv, sampleCustomers, sampleOrders } from '../scripts/make-sample-csv.ts';
import { describeMachine } from './machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/bench');
const DB_FILE = join(DATA_DIR, 'import.db');
const SCRATCH_FILE = join(DATA_DIR, 'import-baseline.db');
const CUSTOMERS_FILE = join(DATA_DIR, 'import-customers.csv');
const ORDERS_FILE = join(DATA_DIR, 'import-orders.csv');
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const TARGET_S = 60;

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

async function timedImport(sql: SqlDriver, kind: ImportKind, file: string): Promise<{ summary: ImportSummary; seconds: number }> {
  const started = performance.now();
  const summary = await runImport(
    { store: new SqlImportStore(sql), afterImport: async () => undefined },
    { kind, source: createReadStream(file), dryRun: false, actor: { system: 'cli' }, importId: randomUUID(), now: new Date(), phoneRegion: 'CN' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (!summary.written) throw new Error(`the ${kind} import wrote nothing: ${JSON.stringify(summary.rejected.slice(0, 5))}`);
  return { summary, seconds };
}

/** The rows the import wrote, INSERTed bare into a scratch copy of the Customer table: seconds. */
function bareInsertSeconds(): number {
  const source = new Database(DB_FILE, { readonly: true });
  const ddl = source.prepare(`SELECT "sql" FROM sqlite_master WHERE "tbl_name" = 'Customer' AND "sql" IS NOT NULL ORDER BY "type" DESC`).all() as { sql: string }[];
  const rows = source.prepare('SELECT * FROM "Customer"').all() as Record<string, unknown>[];
  source.close();
  removeDb(SCRATCH_FILE);
  const db = new Database(SCRATCH_FILE);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    for (const { sql } of ddl) db.exec(sql);
    const columns = Object.keys(rows[0]!);
    const insert = db.prepare(`INSERT INTO "Customer" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const started = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(...columns.map((c) => row[c] as string | number | null));
    })();
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
    removeDb(SCRATCH_FILE);
  }
}

/** The CSV files; the generated rows are garbage once written, so they weigh on no timed run. */
function writeFiles(): { customers: number; orders: number } {
  const customers = sampleCustomers(CUSTOMERS);
  const orders = sampleOrders(customers, 1);
  writeFileSync(CUSTOMERS_FILE, customersCsv(customers));
  writeFileSync(ORDERS_FILE, ordersCsv(orders));
  return { customers: customers.length, orders: orders.length };
}

async function main(): Promise<void> {
  console.log(`import: ${CUSTOMERS.toLocaleString('en')} customers into SQLite ${DB_FILE}; ${describeMachine()}`);
  mkdirSync(DATA_DIR, { recursive: true });
  let started = performance.now();
  const generated = writeFiles();
  console.log(
    `  (not timed) generated ${generated.customers.toLocaleString('en')} customers and ${generated.orders.toLocaleString('en')} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  removeDb(DB_FILE);
  const { sql } = await openSqlDatabase(`file:${DB_FILE}`);
  let result: { created: number; createdS: number; updateS: number; orderCount: number; ordersS: number };
  try {
    const created = await timedImport(sql, 'customers', CUSTOMERS_FILE);
    console.log(
      `  customers, all new:    ${created.summary.imported.toLocaleString('en')} imported in ${created.seconds.toFixed(2)} s (${(created.summary.imported / created.seconds).toFixed(0)} rows/s)`,
    );
    const again = await timedImport(sql, 'customers', CUSTOMERS_FILE);
    console.log(`  customers, all upserts: ${again.summary.updated.toLocaleString('en')} updated in ${again.seconds.toFixed(2)} s (${(again.summary.updated / again.seconds).toFixed(0)} rows/s)`);
    const ordered = await timedImport(sql, 'orders', ORDERS_FILE);
    console.log(
      `  orders, all new:       ${ordered.summary.imported.toLocaleString('en')} imported in ${ordered.seconds.toFixed(2)} s (${(ordered.summary.imported / ordered.seconds).toFixed(0)} rows/s)`,
    );
    result = { created: created.summary.imported, createdS: created.seconds, updateS: again.seconds, orderCount: ordered.summary.imported, ordersS: ordered.seconds };
  } finally {
    await sql.close();
  }
  started = performance.now();
  const baselineS = bareInsertSeconds();
  const baselineRate = result.created / baselineS;
  const rate = result.created / result.createdS;
  console.log(
    `  baseline: a bare INSERT of the same ${result.created.toLocaleString('en')} customer rows (one prepared statement, one transaction, same table and indexes) took ${baselineS.toFixed(2)} s (${baselineRate.toFixed(0)} rows/s)`,
  );
  console.log(`  ratio: import ÷ bare INSERT = ${(result.createdS / baselineS).toFixed(1)}× the time (the import also reads and checks the CSV, normalises phones, matches and audits)`);
  console.log(
    `  target: ${result.created.toLocaleString('en')} customers in ${result.createdS.toFixed(1)} s — ${result.createdS < TARGET_S ? 'met' : 'MISSED'} (< ${TARGET_S} s); load average now ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `import: customers=${result.created} customers_per_s=${rate.toFixed(0)} update_per_s=${(result.created / result.updateS).toFixed(0)} orders=${result.orderCount} orders_per_s=${(result.orderCount / result.ordersS).toFixed(0)} baseline_per_s=${baselineRate.toFixed(0)} ratio=${(result.createdS / baselineS).toFixed(2)}`,
  );
}

await main();
