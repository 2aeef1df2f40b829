// The PostgreSQL driver runs statements outside a transaction on one shared connection, pipelined,
// so they never queue for a pooled connection behind the transactions. That connection must be
// replaced when the server drops it, and a failing statement on it must fail only itself.

import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresDriver } from '../../src/store/sql/postgres-driver.ts';
import type { SqlDriver } from '../../src/store/sql/sql-driver.ts';
import { freshDatabaseUrl } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';

describe('PostgreSQL driver', () => {
  let url: string;
  let sql: SqlDriver;

  beforeEach(async () => {
    url = await freshDatabaseUrl('postgres');
    // One pooled connection: the reads must not need it.
    sql = openPostgresDriver(url, 1);
    await sql.execute('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY, "n" INTEGER NOT NULL)');
  });

  afterEach(async () => {
    await sql.close();
  });

  const backendPid = async () => (await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS "pid"'))[0]!.pid;

  it('answers reads while a transaction holds the only pooled connection, all on one connection', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['in-tx', 1]);
      await held;
      return tx.query<{ pid: number }>('SELECT pg_backend_pid() AS "pid"');
    });
    const pids = await Promise.all(Array.from({ length: 20 }, () => backendPid()));
    expect(new Set(pids).size).toBe(1);
    // Not committed yet: the shared connection does not see the transaction's row.
    expect(await sql.query('SELECT "id" FROM "Item"')).toEqual([]);
    release();
    const [inTransaction] = await transaction;
    expect(inTransaction!.pid).not.toBe(pids[0]);
    expect(await sql.query('SELECT "id" FROM "Item"')).toEqual([{ id: 'in-tx' }]);
  });

  it('fails only the statement that failed among those pipelined together', async () => {
    await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['a', 1]);
    const outcomes = await Promise.allSettled([
      sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['b', 2]),
      sql.query('SELECT 1 / 0 AS "boom"'),
      sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['c', 3]),
      sql.query<{ n: number }>('SELECT "n" FROM "Item" WHERE "id" = ?', ['a']),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[3] as PromiseFulfilledResult<{ n: number }[]>).value).toEqual([{ n: 1 }]);
    expect((await sql.query<{ id: string }>('SELECT "id" FROM "Item" ORDER BY "id"')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('opens a new shared connection after the server ends the old one', async () => {
    const first = await backendPid();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [first]);
    } finally {
      await admin.end();
    }
    // The statement that meets the dead connection may fail; the ones after it get a new one.
    const second = await waitFor('a new shared connection', () => backendPid());
    expect(second).not.toBe(first);
    expect(await sql.query('SELECT 1 AS "one"')).toEqual([{ one: 1 }]);
  });
});
