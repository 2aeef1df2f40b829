// Migrations applied at start: two processes starting on a brand-new database at the same moment.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { freshDatabaseUrl, type StoreKind } from '../support/test-app.ts';

describe.each<StoreKind>(['sqlite', 'postgres'])('migrations on %s', (store) => {
  it('are applied once when several instances start on a new database together', async () => {
    const url = await freshDatabaseUrl(store);
    const databases = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
    try {
      const rows = await databases[0]!.sql.query<{ name: string }>('SELECT "name" FROM "_care_migrations" ORDER BY "name"');
      const shipped = readdirSync(`prisma/migrations/${store}`)
        .filter((name) => /^\d{4}_/.test(name))
        .sort();
      expect(shipped.slice(0, 2)).toEqual(['0001_init', '0002_one_open_conversation']);
      expect(rows.map((r) => r.name)).toEqual(shipped);
      expect(await databases[1]!.db.customer.count()).toBe(0);
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });
});
