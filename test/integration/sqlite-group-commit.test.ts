// The SQLite driver commits the transactions that wait together, each in a savepoint of its own:
// one that fails must undo only its own writes and get its own error, the others must stand.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDriver } from '../../src/store/sql/sqlite-driver.ts';
import { UniqueViolationError, type SqlDriver } from '../../src/store/sql/sql-driver.ts';

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let sql: SqlDriver;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    file = join(dir, 'test.db');
    sql = openSqliteDriver(file);
    await sql.execute('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY, "n" INTEGER NOT NULL)');
  });

  afterEach(async () => {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string, n = 1) => sql.transaction(async (tx) => tx.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', [id, n]));

  /** What another connection sees: only committed rows. */
  const committedIds = () => {
    const reader = new Database(file, { readonly: true });
    try {
      return (reader.prepare('SELECT "id" FROM "Item" ORDER BY "id"').all() as { id: string }[]).map((r) => r.id);
    } finally {
      reader.close();
    }
  };

  it('commits transactions started together, and each caller gets its own result', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => insert(`item-${String(i).padStart(2, '0')}`)));
    expect(results).toEqual(new Array(20).fill(1));
    expect(committedIds()).toEqual(Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`));
  });

  it('rolls back only the transaction that failed, with its own error, among others waiting with it', async () => {
    const failing = sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['doomed', 1]);
      throw new Error('this turn broke halfway');
    });
    const outcomes = await Promise.allSettled([insert('a'), failing, insert('b'), insert('a'), insert('c')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toHaveProperty('message', 'this turn broke halfway');
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolationError);
    expect(committedIds()).toEqual(['a', 'b', 'c']);
  });

  it('resolves a transaction only once its writes are committed', async () => {
    await insert('x');
    // Resolved means another connection (another process) can read it.
    expect(committedIds()).toEqual(['x']);
  });

  it('keeps the order of transactions: a later one sees what an earlier one wrote', async () => {
    const first = insert('counter', 1);
    const second = sql.transaction(async (tx) => {
      const [row] = await tx.query<{ n: number }>('SELECT "n" FROM "Item" WHERE "id" = ?', ['counter']);
      return tx.execute('UPDATE "Item" SET "n" = ? WHERE "id" = ?', [(row?.n ?? 0) + 1, 'counter']);
    });
    await Promise.all([first, second]);
    expect(await sql.query('SELECT "n" FROM "Item" WHERE "id" = ?', ['counter'])).toEqual([{ n: 2 }]);
  });

  it('runs a statement issued outside transactions after a group that is open, never inside it', async () => {
    let reachedAwait!: () => void;
    const awaiting = new Promise<void>((resolve) => (reachedAwait = resolve));
    const failing = sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['uncommitted', 1]);
      reachedAwait();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('rolled back');
    });
    await awaiting;
    // Issued while the group's transaction is open on the one connection: neither may join it.
    const [read, written] = await Promise.all([sql.query<{ id: string }>('SELECT "id" FROM "Item"'), sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['outside', 1])]);
    await expect(failing).rejects.toThrow('rolled back');
    expect(read).toEqual([]);
    expect(written).toBe(1);
    expect(committedIds()).toEqual(['outside']);
    // And on an idle connection a statement runs straight away, in the order issued.
    expect(await Promise.all([sql.execute('UPDATE "Item" SET "n" = 2'), sql.query('SELECT "n" FROM "Item"')])).toEqual([1, [{ n: 2 }]]);
  });
  it('commits what is still waiting before it closes', async () => {
    const pending = Promise.all([insert('late-1'), insert('late-2')]);
    await sql.close();
    await pending;
    sql = openSqliteDriver(file);
    expect(committedIds()).toEqual(['late-1', 'late-2']);
  });

  it('fails, not strands, the transactions waiting together when another connection holds the write lock past the busy timeout', async () => {
    await sql.close();
    sql = openSqliteDriver(file, { busyTimeoutMs: 50 });
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    const outcomes = await Promise.allSettled([insert('blocked-1'), insert('blocked-2')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toHaveProperty('code', 'SQLITE_BUSY');
    other.prepare('ROLLBACK').run();
    other.close();
    await Promise.all([insert('after-1'), insert('after-2')]);
    expect(committedIds()).toEqual(['after-1', 'after-2']);
  });

  it('finishes closing in a process that has nothing else to do (its WAL checkpointer thread included)', () => {
    const script = fileURLToPath(new URL('../fixtures/close-sqlite-driver.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, join(dir, 'alone.db')], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr }).toMatchObject({ status: 0, stdout: 'closed' });
  });
});
