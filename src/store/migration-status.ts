// Which of the migrations this code ships the database has not applied (for GET /readyz). The
// folder names are read once: they are part of the code and do not change while it runs. Applied
// ones are recorded in _care_migrations by migrate.ts.

import type { Provider } from './db-types.ts';
import { shippedMigrations } from './migrate.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';

export function pendingMigrationsOf(sql: SqlExecutor, provider: Provider): () => Promise<string[]> {
  let shipped: Promise<string[]> | undefined;
  return async () => {
    shipped ??= shippedMigrations(provider).catch((error: unknown) => {
      shipped = undefined; // read again by the next check
      throw error;
    });
    const [names, applied] = await Promise.all([shipped, sql.query<{ name: string }>('SELECT "name" FROM "_care_migrations"')]);
    const done = new Set(applied.map((row) => row.name));
    return names.filter((name) => !done.has(name));
  };
}
