// Recomputing the segments at scale: BENCH_CUSTOMERS customers (default 100,000) with 0–6 orders
// each over the last 15 months and a few revisit surveys, in a fresh database; then two full
// recomputations through SqlSegmentStore: the first changes most cards (every value starts at its
// default), the second finds almost nothing to change (the nightly case).
//
//   npx tsx bench/segments.ts                          (SQLite, data/bench/segments.db)
//   BENCH_DATABASE=postgres npx tsx bench/segments.ts  (a throwaway PostgreSQL cluster)
//
// The last line is machine-readable:
//   segments: db=<kind> customers=<n> orders=<n> first_s=<n> second_s=<n> customers_per_s=<n>

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSegmentRules } from '../src/content/load-segment-rules.ts';
import { openSqlDatabase } from '../src/store/database.ts';
import { SqlSegmentStore } from '../src/store/segment-store.ts';
import type { SqlDriver, SqlValue } from '../src/store/sql/sql-driver.ts';
import { prepareDatabase } from './bench-database.ts';
import { releaseOnInterrupt, RunResources } from './run-resources.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const DAY = 24 * 3600 * 1000;
const CHUNK = 500;

const dataDir = join(ROOT, 'data/bench');
mkdirSync(dataDir, { recursive: true });
const resources = new RunResources();
releaseOnInterrupt(resources, 'segments');
const database = await prepareDatabase(process.env.BENCH_DATABASE === 'postgres' ? { kind: 'postgres-throwaway' } : { kind: 'sqlite', file: join(dataDir, 'segments.db') }, resources);
const { sql } = await openSqlDatabase(database.url);
try {
  const now = new Date();
  const orders = await seed(sql, now);
  const store = new SqlSegmentStore(sql, await loadSegmentRules(join(ROOT, 'config/segments.yaml')));
  const first = await timed(() => store.recompute(now, null));
  const second = await timed(() => store.recompute(now, null));
  console.log(`${database.description}: ${CUSTOMERS} customers, ${orders} orders`);
  console.log(`first run ${first.seconds.toFixed(1)} s, changed ${JSON.stringify(first.result.changed)}, ${first.result.needKeyAccountManager} A without a key account manager`);
  console.log(`second run ${second.seconds.toFixed(1)} s, changed ${JSON.stringify(second.result.changed)}`);
  console.log(
    `segments: db=${database.kind} customers=${CUSTOMERS} orders=${orders} first_s=${first.seconds.toFixed(2)} second_s=${second.seconds.toFixed(2)} customers_per_s=${Math.round(CUSTOMERS / first.seconds)}`,
  );
} finally {
  await sql.close();
  await resources.release();
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** Customers, orders (a skewed spread of values) and surveys, written in multi-row inserts. */
async function seed(sql: SqlDriver, now: Date): Promise<number> {
  let orders = 0;
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let start = 0; start < CUSTOMERS; start += CHUNK) {
    const customers: SqlValue[][] = [];
    const orderRows: SqlValue[][] = [];
    for (let i = start; i < Math.min(start + CHUNK, CUSTOMERS); i++) {
      const id = `c${String(i).padStart(7, '0')}`;
      customers.push([id, `Customer ${i}`, new Date(now.getTime() - (30 + random() * 700) * DAY), random() < 0.5 ? new Date(now.getTime() - random() * 300 * DAY) : null, now]);
      const count = Math.floor(random() * 7);
      for (let k = 0; k < count; k++) {
        const amount = Math.round(100 * 10 ** (1 + random() * 3)) * (random() < 0.02 ? 50 : 1);
        orderRows.push([randomUUID(), `B${i}-${k}`, id, amount, new Date(now.getTime() - random() * 450 * DAY), random() < 0.05 ? 'refunded' : 'completed', 'import', now, now]);
      }
    }
    orders += orderRows.length;
    await sql.transaction(async (tx) => {
      await tx.execute(`INSERT INTO "Customer" ("id", "name", "createdAt", "lastContactAt", "updatedAt") VALUES ${customers.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, customers.flat());
      for (let j = 0; j < orderRows.length; j += CHUNK) {
        const rows = orderRows.slice(j, j + CHUNK);
        await tx.execute(
          `INSERT INTO "Order" ("id", "number", "customerId", "amountCents", "placedAt", "status", "source", "createdAt", "updatedAt") VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          rows.flat(),
        );
      }
    });
  }
  return orders;
}
