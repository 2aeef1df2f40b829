// Data for the greetings benchmark, written straight into the SQLite file with better-sqlite3 (one
// transaction, one prepared statement per table): customers with a sink-channel identity, and the
// bare-INSERT baseline that the plan-and-enqueue time is compared with.

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Lunar-festival countries (see festival-calendar.ts): every seeded customer gets the Spring Festival greeting. */
const COUNTRIES = ['CN', 'CN', 'CN', 'CN', 'CN', 'CN', 'HK', 'TW', 'SG', 'MY'] as const;
const TIERS = ['A', 'B', 'B', 'C', 'C', 'C', 'C', 'C', 'C', 'C'] as const;

/** Timestamps as the app's SQL driver and Prisma store them in SQLite. */
export function sqliteTime(at: Date): string {
  return at.toISOString().replace('Z', '+00:00');
}

/**
 * Writes `count` customers (ids c000000…, zh and en alternating, mostly CN, Asia/Shanghai) each
 * with one reachable identity on `channel`. `lastContactAt` keeps them out of the check-in planner.
 */
export function seedCustomers(file: string, count: number, channel: string, lastContactAt: Date): void {
  const db = new Database(file, { timeout: 10_000 });
  try {
    const contact = sqliteTime(lastContactAt);
    const customer = db.prepare(
      `INSERT INTO "Customer" ("id", "name", "locale", "timezone", "country", "tier", "lastContactAt", "createdAt", "updatedAt")
       VALUES (?, ?, ?, 'Asia/Shanghai', ?, ?, ?, ?, ?)`,
    );
    const identity = db.prepare(`INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "customerId", "reachable", "createdAt") VALUES (?, ?, ?, ?, 1, ?)`);
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const id = `c${String(i).padStart(6, '0')}`;
        const zh = i % 2 === 0;
        customer.run(id, zh ? `客户${i}` : `Customer ${i}`, zh ? 'zh' : 'en', COUNTRIES[i % COUNTRIES.length], TIERS[(i >> 1) % TIERS.length], contact, contact, contact);
        identity.run(`i${String(i).padStart(6, '0')}`, channel, `sink-${i}`, id, contact);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * The floor under plan + enqueue: `count` greeting rows INSERTed into a scratch copy of the
 * FollowUp table (same columns and indexes, read from `sourceFile`) in one transaction. Seconds.
 */
export function bareInsertSeconds(sourceFile: string, scratchFile: string, count: number, dueAt: Date): number {
  const source = new Database(sourceFile, { readonly: true });
  const ddl = source.prepare(`SELECT "sql" FROM sqlite_master WHERE "tbl_name" = 'FollowUp' AND "sql" IS NOT NULL ORDER BY "type" DESC`).all() as { sql: string }[];
  source.close();
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${scratchFile}${suffix}`, { force: true });
  const db = new Database(scratchFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // The scratch file has no Customer table to refer to; the real inserts check that key, this one does not.
    db.pragma('foreign_keys = OFF');
    for (const { sql } of ddl) db.exec(sql);
    const insert = db.prepare(`INSERT INTO "FollowUp" ("id", "customerId", "kind", "dueAt", "dedupeKey", "payload", "createdAt", "updatedAt") VALUES (?, ?, 'greeting', ?, ?, ?, ?, ?)`);
    const due = sqliteTime(dueAt);
    const payload = JSON.stringify({ occasion: 'spring-festival', names: { zh: '春节', en: 'Spring Festival' }, localDate: '2027-02-06' });
    const started = performance.now();
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const customerId = `c${String(i).padStart(6, '0')}`;
        insert.run(randomUUID(), customerId, due, `greeting:2027-spring-festival:${customerId}`, payload, due, due);
      }
    })();
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${scratchFile}${suffix}`, { force: true });
  }
}
