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

export type { Db, DbTx, Provider } from './db-types.ts';


export interface Database {
  db: Db;
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
  return { db, provider, close: () => db.$disconnect() };
}

function openSqlite(url: string): Db {
  const path = url.replace(/^file:/, '');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: path, timeout: 10_000 }) });
}

function openPostgres(url: string): Db {
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  // Same models and fields from the same schema; only the provider differs.
  return client as unknown as Db;
}
