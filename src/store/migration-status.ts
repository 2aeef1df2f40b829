// Which of the migrations this code ships the database has not applied (for GET /readyz). The
// folder names are read once: they are part of the code and do not change while it runs. Applied
// ones are recorded in _care_migrations by migrate.ts.

import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Provider } from './db-types.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';

const MIGRATIONS_ROOT = new URL('../../prisma/migrations/', import.meta.url);

export function pendingMigrationsOf(sql: SqlExecutor, provider: Provider): () => Promise<string[]> {
  let shipped: Promise<string[]> | undefined;
  return async () => {
    shipped ??= readdir(fileURLToPath(new URL(`${provider}/`, MIGRATIONS_ROOT)), { withFileTypes: true }).then(
      (entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name),
      (error: unknown) => {
        shipped = undefined; // read again by the next check
        throw error;
      },
    );
    const [names, applied] = await Promise.all([shipped, sql.query<{ name: string }>('SELECT "name" FROM "_care_migrations"')]);
    const done = new Set(applied.map((row) => row.name));
    return names.filter((name) => !done.has(name)).sort();
  };
}
