// Opens the CRM database: SQLite by default, PostgreSQL when DATABASE_URL says postgres.
// Both use the same generated client shape; the PostgreSQL twin is derived from the SQLite schema.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyMigrations } from './migrate.ts';
import type { Db, Provider } from './db-types.ts';
import { openPostgresDriver } from './sql/postgres-driver.ts';
import { openSqliteDriver } from './sql/sqlite-driver.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export type { Db, DbTx, Provider } from './db-types.ts';

export interface Database {
  /** Prisma: schema, migrations, and everything off the per-message hot path. */
  db: Db;
  /** Direct SQL for the per-message hot path (see sql/sql-driver.ts). */
  sql: SqlDriver;
  provider: Provider;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** Connects and brings the schema up to date. */
export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const sql = provider === 'postgres' ? openPostgresDriver(url) : openSqliteDriver(sqlitePath(url));
  try {
    await applyMigrations(sql, provider);
    const db = provider === 'postgres' ? await openPostgres(url) : await openSqlite(url);
    await db.$connect();
    return {
      db,
      sql,
      provider,
      close: async () => {
        await sql.close();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await sql.close();
    throw error;
  }
}

function sqlitePath(url: string): string {
  return url.replace(/^file:/, '');
}

// Each provider's client is imported only when used: a generated client costs tens of MB.
async function openSqlite(url: string): Promise<Db> {
  const path = sqlitePath(url);
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import('./generated/sqlite/client.ts'), import('@prisma/adapter-better-sqlite3')]);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: path, timeout: 10_000 }) });
}

async function openPostgres(url: string): Promise<Db> {
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import('./generated/postgres/client.ts'), import('@prisma/adapter-pg')]);
  // Same models and fields from the same schema; only the provider differs.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db;
}
