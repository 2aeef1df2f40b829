// better-sqlite3 behind the SqlDriver port: statements prepared once and cached; one connection,
// so transactions (and anything that could interleave with them) take turns through a queue.
// Values are stored the way Prisma stores them (ISO text with +00:00, booleans as 0/1).
//
// Group commit: the transactions that arrive while the event loop is busy wait for its check
// phase and are then committed together, each in a savepoint of its own (one that fails undoes
// only its own writes and gets its own error). A commit writes every page it touched to the WAL;
// a page shared by a group (an index's last leaf, the table's) is written once for all of them.
// The write lock is still held only inside one macrotask, as before: nothing else on this thread
// (the Prisma connection included) ever waits on it.

import Database from 'better-sqlite3';
import { UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlTransaction, type SqlValue } from './sql-driver.ts';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.ts';

type Statement = Database.Statement<unknown[]>;

/** Most transactions committed together: bounds the time one group holds the write lock. */
const MAX_GROUP = 64;

interface Waiting {
  work: (tx: SqlTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Like PostgreSQL's 23505, a primary key taken counts as a unique violation. */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** `busyTimeoutMs`: how long a statement waits for a write lock another connection holds. */
export function openSqliteDriver(path: string, { busyTimeoutMs = 10_000 }: { busyTimeoutMs?: number } = {}): SqlDriver {
  const db = new Database(path, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  const checkpointer: Checkpointer | undefined = path === ':memory:' ? undefined : startCheckpointer(db, path);
  const statements = new Map<string, Statement>();
  let queue: Promise<unknown> = Promise.resolve();
  const waiting: Waiting[] = [];
  let flushScheduled = false;

  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const run = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (UNIQUE_CODES.has((error as { code?: string }).code ?? '')) throw new UniqueViolationError((error as Error).message, { cause: error });
      throw error;
    }
  };
  const executor: SqlExecutor = {
    dialect: 'sqlite',
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => run(() => prepare(sql).all(...params.map(toSqlite)) as T[]),
    execute: async (sql, params = []) => run(() => prepare(sql).run(...params.map(toSqlite)).changes),
  };
  // Statements run as they are issued and the group's COMMIT is in-process: the last ones just run.
  const transactionExecutor: SqlTransaction = { ...executor, commitWith: (issue) => issue() };
  /** Work queued on the connection or running (a group's transaction spans awaits), not yet settled. */
  let queued = 0;
  /** Serialises work on the single connection so no statement lands inside another's transaction. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    queued += 1;
    const result = queue.then(work, work);
    queue = result.catch(() => undefined).finally(() => (queued -= 1));
    return result;
  };

  /**
   * Runs one group in one transaction; each member's outcome is its own unless the transaction as
   * a whole fails. A member alone needs no savepoint: its failure is the transaction's.
   */
  const commitGroup = async (group: Waiting[]): Promise<Outcome[]> => {
    const alone = group.length === 1;
    const outcomes: Outcome[] = [];
    try {
      // Inside the try: a BEGIN that fails (the write lock held elsewhere past the busy timeout) fails the group's members, it does not strand them.
      prepare('BEGIN IMMEDIATE').run();
      for (const member of group) {
        if (!alone) prepare('SAVEPOINT "turn"').run();
        try {
          outcomes.push({ ok: true, value: await member.work(transactionExecutor) });
          if (!alone) prepare('RELEASE "turn"').run();
        } catch (error) {
          // Some errors (disk full, I/O) end the whole transaction: then nothing of the group stands.
          if (alone || !db.inTransaction) throw error;
          prepare('ROLLBACK TO "turn"').run();
          prepare('RELEASE "turn"').run();
          outcomes.push({ ok: false, error });
        }
      }
      prepare('COMMIT').run();
      return outcomes;
    } catch (error) {
      if (db.inTransaction) prepare('ROLLBACK').run();
      return group.map(() => ({ ok: false, error }));
    }
  };
  const flush = (): void => {
    flushScheduled = false;
    const group = waiting.splice(0, MAX_GROUP);
    if (waiting.length) scheduleFlush();
    if (!group.length) return;
    void exclusive(() => commitGroup(group)).then(
      (outcomes) =>
        group.forEach((member, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) member.resolve(outcome.value);
          else member.reject(outcome.error);
        }),
      (error: unknown) => group.forEach((member) => member.reject(error)),
    );
  };
  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flush);
  };

  // A statement on an idle connection runs at once: no transaction is open, none can interleave.
  const outsideTransactions: SqlExecutor = {
    dialect: 'sqlite',
    query: (sql, params) => (queued ? exclusive(() => executor.query(sql, params)) : executor.query(sql, params)),
    execute: (sql, params) => (queued ? exclusive(() => executor.execute(sql, params)) : executor.execute(sql, params)),
  };
  return {
    ...outsideTransactions,
    quick: outsideTransactions,
    transaction: <T>(work: (tx: SqlTransaction) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
        scheduleFlush();
      }),
    close: async () => {
      while (waiting.length || flushScheduled) await new Promise((resolve) => setImmediate(resolve));
      await queue;
      await checkpointer?.stop();
      db.close();
    },
  };
}

function toSqlite(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
