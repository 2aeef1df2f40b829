// Applies the SQL migrations in prisma/migrations/<provider>/ in order, once each, recording them
// in _care_migrations. Runs at start in one transaction that first takes a lock (PostgreSQL: an
// advisory transaction lock; SQLite: BEGIN IMMEDIATE), so instances starting together take turns.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from './db-types.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));
const LOCK_ID = 727_001;

/** The migrations this code ships for `provider`, by folder name, in the order they apply. */
export async function shippedMigrations(provider: Provider): Promise<string[]> {
  return (await readdir(join(MIGRATIONS_ROOT, provider), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Returns the names of the migrations this call applied. */
export async function applyMigrations(sql: SqlDriver, provider: Provider): Promise<string[]> {
  const folder = join(MIGRATIONS_ROOT, provider);
  const names = await shippedMigrations(provider);
  const scripts = await Promise.all(names.map(async (name) => ({ name, statements: splitStatements(await readFile(join(folder, name, 'migration.sql'), 'utf8')) })));
  return sql.transaction(async (tx) => {
    if (provider === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(?)', [LOCK_ID]);
    await tx.execute('CREATE TABLE IF NOT EXISTS "_care_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
    const done = new Set((await tx.query<{ name: string }>('SELECT "name" FROM "_care_migrations"')).map((r) => r.name));
    const applied: string[] = [];
    for (const { name, statements } of scripts.filter((s) => !done.has(s.name))) {
      for (const statement of statements) await tx.execute(statement);
      await tx.execute('INSERT INTO "_care_migrations" ("name", "appliedAt") VALUES (?, ?)', [name, new Date().toISOString()]);
      applied.push(name);
    }
    return applied;
  });
}

/** Prisma writes one statement per block, each ending in a semicolon at the end of a line. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
