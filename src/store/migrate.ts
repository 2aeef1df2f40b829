// Applies the SQL migrations in prisma/migrations/<provider>/ in order, once each, recording them
// in _care_migrations. Runs at start; concurrent starts on PostgreSQL serialise on an advisory lock.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Provider } from './db-types.ts';

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));
const LOCK_ID = 727_001;

export async function applyMigrations(db: Db, provider: Provider): Promise<string[]> {
  const folder = join(MIGRATIONS_ROOT, provider);
  const names = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  await db.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS "_care_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
  if (provider === 'postgres') await db.$executeRawUnsafe(`SELECT pg_advisory_lock(${LOCK_ID})`);
  try {
    const done = new Set((await db.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_care_migrations"')).map((r) => r.name));
    const applied: string[] = [];
    for (const name of names.filter((n) => !done.has(n))) {
      const sql = await readFile(join(folder, name, 'migration.sql'), 'utf8');
      const statements = splitStatements(sql);
      await db.$transaction([
        ...statements.map((s) => db.$executeRawUnsafe(s)),
        db.$executeRawUnsafe(`INSERT INTO "_care_migrations" ("name", "appliedAt") VALUES (${provider === 'postgres' ? '$1, $2' : '?, ?'})`, name, new Date().toISOString()),
      ]);
      applied.push(name);
    }
    return applied;
  } finally {
    if (provider === 'postgres') await db.$executeRawUnsafe(`SELECT pg_advisory_unlock(${LOCK_ID})`);
  }
}

/** Prisma writes one statement per block, each ending in a semicolon at the end of a line. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
