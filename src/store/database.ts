// Opens the CRM database: SQLite by default, PostgreSQL when DATABASE_URL says postgres.
// Both use the same generated client shape; the PostgreSQL twin is derived from the SQLite schema.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyMigrations } from './migrate.ts';
import type { Db, Provider } from './db-types.ts';
import { openSqliteDriver } from './sql/sqlite-driver.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export type { Db, DbTx, Provider } from './db-types.ts';

/** PostgreSQL connections in each pool (DATABASE_POOL_SIZE); unset, the driver's default. SQLite ignores it. */
export interface PoolOptions {
  poolSize?: number;
}

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

/** Connects and brings the schema up to date. `poolSize`: PostgreSQL connections in each pool. */
export async function openDatabase(url: string, { poolSize }: PoolOptions = {}): Promise<Database> {
  const { sql, provider } = await openSqlDatabase(url, { poolSize });
  try {
    const db = await openPrisma(url, { poolSize });
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

/**
 * The direct SQL driver alone, schema brought up to date: for a process that needs no Prisma on its
 * way (the follow-up worker opens Prisma only if it ever routes a conversation, see openPrisma).
 */
export async function openSqlDatabase(url: string, { poolSize }: PoolOptions = {}): Promise<{ sql: SqlDriver; provider: Provider }> {
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // pg is loaded only for PostgreSQL (a SQLite process has no use for its ~14 MB).
  const sql = provider === 'postgres' ? (await import('./sql/postgres-driver.ts')).openPostgresDriver(url, poolSize) : openSqliteDriver(sqlitePath(url));
  try {
    await applyMigrations(sql, provider);
    return { sql, provider };
  } catch (error) {
    await sql.close();
    throw error;
  }
}

/**
 * A Prisma client for the database at `url` (whose schema is up to date already, so the database
 * answered). It connects on its first query: Prisma's query compiler (WebAssembly, ~30 MB resident
 * once loaded) stays unloaded in a process that only chats, since the per-message path is plain SQL.
 */
export async function openPrisma(url: string, { poolSize }: PoolOptions = {}): Promise<Db> {
  return providerOf(url) === 'postgres' ? await openPostgres(url, poolSize) : await openSqlite(url);
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

async function openPostgres(url: string, poolSize: number | undefined): Promise<Db> {
  const [{ PrismaClient }, { PrismaPg }, { DEFAULT_POOL_SIZE }] = await Promise.all([import('./generated/postgres/client.ts'), import('@prisma/adapter-pg'), import('./sql/postgres-driver.ts')]);
  // Same models and fields from the same schema; only the provider differs.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize ?? DEFAULT_POOL_SIZE }) }) as unknown as Db;
}
