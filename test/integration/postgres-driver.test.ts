// The PostgreSQL driver runs the per-message path's short statements (`quick`) on one shared
// connection, pipelined, so they never queue for a pooled connection behind the transactions; the
// other statements outside a transaction keep borrowing pooled connections. That connection must be
// replaced when the server drops it, and a failing statement on it must fail only itself.
// A transaction's last statements can take its COMMIT with them (commitWith): one write for the
// whole transaction, and never a success reported for a COMMIT that answered ROLLBACK.

import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresDriver } from '../../src/store/sql/postgres-driver.ts';
import { UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlTransaction } from '../../src/store/sql/sql-driver.ts';
import { startTcpTap } from '../support/tcp-tap.ts';
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

  const backendPid = async () => (await sql.quick.query<{ pid: number }>('SELECT pg_backend_pid() AS "pid"'))[0]!.pid;

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
    expect(await sql.quick.query('SELECT "id" FROM "Item"')).toEqual([]);
    release();
    const [inTransaction] = await transaction;
    expect(inTransaction!.pid).not.toBe(pids[0]);
    expect(await sql.quick.query('SELECT "id" FROM "Item"')).toEqual([{ id: 'in-tx' }]);
  });

  it('runs other statements outside a transaction on pooled connections, so a long one never holds up the quick ones', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(42)');
      // Waits for the lock on a pooled connection, as a long export or segment scan would run.
      let longDone = false;
      const long = sql.query('SELECT pg_advisory_lock(42) AS "locked"').then((rows) => ((longDone = true), rows));
      await waitFor('the long statement waiting on the lock', async () => {
        const { rows } = await admin.query<{ n: string }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_lock%'");
        return Number(rows[0]!.n) > 0;
      });
      expect(await sql.quick.query('SELECT 1 AS "one"')).toEqual([{ one: 1 }]);
      expect(longDone).toBe(false);
      await admin.query('SELECT pg_advisory_unlock(42)');
      expect(await long).toHaveLength(1);
    } finally {
      await admin.end();
    }
  });

  it('fails only the statement that failed among those pipelined together', async () => {
    await sql.quick.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['a', 1]);
    const outcomes = await Promise.allSettled([
      sql.quick.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['b', 2]),
      sql.quick.query('SELECT 1 / 0 AS "boom"'),
      sql.quick.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['c', 3]),
      sql.quick.query<{ n: number }>('SELECT "n" FROM "Item" WHERE "id" = ?', ['a']),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[3] as PromiseFulfilledResult<{ n: number }[]>).value).toEqual([{ n: 1 }]);
    expect((await sql.quick.query<{ id: string }>('SELECT "id" FROM "Item" ORDER BY "id"')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
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
    expect(await sql.quick.query('SELECT 1 AS "one"')).toEqual([{ one: 1 }]);
  });

  describe('a transaction whose last statements take its COMMIT with them', () => {
    const insert = (tx: SqlExecutor, id: string, n = 1) => tx.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', [id, n]);
    /** Read on the shared connection, not the transaction's: only what was committed. */
    const committedIds = async () => (await sql.query<{ id: string }>('SELECT "id" FROM "Item" ORDER BY "id"')).map((r) => r.id);
    /** Like a turn's version check: fails in the database, not in JS, when no row is at version `n`. */
    const bumpAt = (tx: SqlExecutor, id: string, n: number) =>
      tx.query<{ matched: number }>(
        `WITH "bumped" AS (UPDATE "Item" SET "n" = "n" + 1 WHERE "id" = ? AND "n" = ? RETURNING 1)
         SELECT CAST(CASE WHEN COUNT(*) = 0 THEN 'no row at that version' ELSE '1' END AS INTEGER) AS "matched" FROM "bumped"`,
        [id, n],
      );

    it('commits them and gives their results', async () => {
      await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['versioned', 1]);
      const results = await sql.transaction(async (tx) => {
        await insert(tx, 'early');
        return tx.commitWith(() => Promise.all([insert(tx, 'last'), bumpAt(tx, 'versioned', 1), tx.query<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS "n" FROM "Item"')]));
      });
      expect(results).toEqual([1, [{ matched: 1 }], [{ n: 3 }]]);
      expect(await committedIds()).toEqual(['early', 'last', 'versioned']);
      expect(await sql.query('SELECT "n" FROM "Item" WHERE "id" = ?', ['versioned'])).toEqual([{ n: 2 }]);
    });

    it('commits nothing when one of them breaks a unique key, and the caller hears that one', async () => {
      await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['taken', 1]);
      const outcome = sql.transaction(async (tx) => {
        await insert(tx, 'early');
        // The statements after the failing one fail too (the transaction is aborted): not their error.
        return tx.commitWith(() => Promise.all([insert(tx, 'b'), insert(tx, 'taken'), insert(tx, 'c'), tx.query('SELECT 1 AS "one"')]));
      });
      await expect(outcome).rejects.toBeInstanceOf(UniqueViolationError);
      await expect(outcome).rejects.toThrow(/Item_pkey/);
      expect(await committedIds()).toEqual(['taken']);
    });

    it('commits nothing when a version check fails in the database, and the caller hears that check', async () => {
      await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['versioned', 5]);
      const outcome = sql.transaction((tx) => tx.commitWith(() => Promise.all([insert(tx, 'before'), bumpAt(tx, 'versioned', 4), insert(tx, 'after')])));
      await expect(outcome).rejects.toMatchObject({ code: '22P02', message: expect.stringContaining('no row at that version') });
      expect(await committedIds()).toEqual(['versioned']);
      expect(await sql.query('SELECT "n" FROM "Item" WHERE "id" = ?', ['versioned'])).toEqual([{ n: 5 }]);
    });

    it('still rolls back when a statement fails before them', async () => {
      await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['taken', 1]);
      let reachedTheEnd = false;
      const outcome = sql.transaction(async (tx) => {
        await insert(tx, 'early');
        await insert(tx, 'taken');
        reachedTheEnd = true;
        return tx.commitWith(() => insert(tx, 'last'));
      });
      await expect(outcome).rejects.toBeInstanceOf(UniqueViolationError);
      expect(reachedTheEnd).toBe(false);
      expect(await committedIds()).toEqual(['taken']);
      // The connection is clean again: the next transaction on it commits.
      await sql.transaction((tx) => tx.commitWith(() => insert(tx, 'next')));
      expect(await committedIds()).toEqual(['next', 'taken']);
    });

    it('never reports success for a transaction whose COMMIT answered ROLLBACK', async () => {
      await sql.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['taken', 1]);
      // The work hears the failure and carries on as if it did not matter; PostgreSQL aborted the transaction anyway.
      const swallowed = sql.transaction(async (tx) => {
        await insert(tx, 'lost');
        await insert(tx, 'taken').catch(() => 0);
        return 'done';
      });
      await expect(swallowed).rejects.toBeInstanceOf(UniqueViolationError);
      // Going on after it, the work meets "current transaction is aborted"; the caller hears why it was.
      const carriedOn = sql.transaction(async (tx) => {
        await insert(tx, 'taken').catch(() => 0);
        return insert(tx, 'lost-too');
      });
      await expect(carriedOn).rejects.toBeInstanceOf(UniqueViolationError);
      expect(await committedIds()).toEqual(['taken']);
    });

    it('refuses a statement issued after the COMMIT left, rather than run it outside the transaction', async () => {
      const outcome = sql.transaction((tx) =>
        tx.commitWith(async () => {
          await insert(tx, 'issued-in-time');
          return insert(tx, 'issued-too-late');
        }),
      );
      await expect(outcome).rejects.toThrow(/after its transaction's COMMIT/);
      expect(await committedIds()).toEqual(['issued-in-time']);
    });

    it('sends BEGIN, the statements and COMMIT in one write', async () => {
      const tap = await startTcpTap(url);
      const tapped = openPostgresDriver(tap.url, 1);
      try {
        const turn = (id: string, last: (tx: SqlTransaction, work: () => Promise<unknown>) => Promise<unknown>) =>
          tapped.transaction((tx) => last(tx, () => Promise.all([insert(tx, `${id}-inbound`), bumpAt(tx, 'versioned', 1), insert(tx, `${id}-reply`)])));
        await tapped.execute('INSERT INTO "Item" ("id", "n") VALUES (?, ?)', ['versioned', 1]);
        // Connects the pooled connection and prepares the statements, so what follows is the turn alone.
        await tapped.transaction((tx) => tx.commitWith(() => Promise.all([insert(tx, 'warm-up'), tx.execute('UPDATE "Item" SET "n" = 1 WHERE "id" = ?', ['versioned'])])));
        await turn('warm', (tx, work) => tx.commitWith(work));
        await tapped.execute('UPDATE "Item" SET "n" = 1 WHERE "id" = ?', ['versioned']);

        tap.clear();
        await turn('one-write', (tx, work) => tx.commitWith(work));
        const [write, ...more] = tap.sent.map((chunk) => chunk.toString('latin1'));
        expect(more).toEqual([]);
        expect(write).toMatch(/BEGIN[^]*one-write-inbound[^]*one-write-reply[^]*COMMIT/);

        // Without commitWith the COMMIT waits for the statements' answers: a second write.
        await tapped.execute('UPDATE "Item" SET "n" = 1 WHERE "id" = ?', ['versioned']);
        tap.clear();
        await turn('two-writes', (_tx, work) => work());
        expect(tap.sent.map((chunk) => chunk.toString('latin1').includes('COMMIT'))).toEqual([false, true]);
        expect(await committedIds()).toEqual(['one-write-inbound', 'one-write-reply', 'two-writes-inbound', 'two-writes-reply', 'versioned', 'warm-inbound', 'warm-reply', 'warm-up']);
      } finally {
        await tapped.close();
        await tap.close();
      }
    });
  });
});
