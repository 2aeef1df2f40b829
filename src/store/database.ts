// Opens the CRM database: SQLite by default, PostgreSQL when DATABASE_URL says postgres.
// Both use the same generated client shape; the PostgreSQL twin is derived from the SQLite schema.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts';
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
  const db = provider === 'postgres' ? openPostgres(url) : openSqlite(url);
  await db.$connect();
  if (provider === 'sqlite') {
    // WAL lets readers run beside the writer; the busy timeout lets two app processes share the file.
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  }
  await applyMigrations(db, provider);
  const sql = provider === 'postgres' ? openPostgresDriver(url) : openSqliteDriver(sqlitePath(url));
  return {
    db,
    sql,
    provider,
    close: async () => {
      await sql.close();
      await db.$disconnect();
    },
  };
}

function sqlitePath(url: string): string {
  return url.replace(/^file:/, '');
}

function openSqlite(url: string): Db {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: path, timeout: 10_000 }) });
}

function openPostgres(url: string): Db {
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  // Same models and fields from the same schema; only the provider differs.
  return client as unknown as Db;
}
