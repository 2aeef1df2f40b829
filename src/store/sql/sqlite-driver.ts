// better-sqlite3 behind the SqlDriver port: statements prepared once and cached; one connection,
// so transactions (and anything that could interleave with them) take turns through a queue.
// Values are stored the way Prisma stores them (ISO text with +00:00, booleans as 0/1).

import Database from 'better-sqlite3';
import { UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlValue } from './sql-driver.ts';

type Statement = Database.Statement<unknown[]>;

export function openSqliteDriver(path: string): SqlDriver {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, Statement>();
  let queue: Promise<unknown> = Promise.resolve();

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
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UniqueViolationError((error as Error).message, { cause: error });
      throw error;
    }
  };
  const executor: SqlExecutor = {
    dialect: 'sqlite',
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => run(() => prepare(sql).all(...params.map(toSqlite)) as T[]),
    execute: async (sql, params = []) => run(() => prepare(sql).run(...params.map(toSqlite)).changes),
  };
  /** Serialises work on the single connection so no statement lands inside another's transaction. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    dialect: 'sqlite',
    query: (sql, params) => exclusive(() => executor.query(sql, params)),
    execute: (sql, params) => exclusive(() => executor.execute(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        prepare('BEGIN IMMEDIATE').run();
        try {
          const result = await work(executor);
          prepare('COMMIT').run();
          return result;
        } catch (error) {
          if (db.inTransaction) prepare('ROLLBACK').run();
          throw error;
        }
      }),
    close: async () => {
      await queue;
      db.close();
    },
  };
}

function toSqlite(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
