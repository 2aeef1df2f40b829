// A thin SQL layer for the per-message hot path. Prisma owns the schema and migrations, but its
// per-call query compilation costs ~5 ms a message; these drivers run cached prepared statements
// straight on better-sqlite3 or pg. SQL is written once with `?` placeholders and quoted
// identifiers, valid for both databases.

export type SqlValue = string | number | boolean | Date | null;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows of a SELECT (or of an INSERT/UPDATE … RETURNING). */
  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Number of rows changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** The statements of one transaction. */
export interface SqlTransaction extends SqlExecutor {
  /**
   * The transaction's last statements, with its COMMIT: `issue` issues them (every one before it
   * first awaits), and the COMMIT follows at once instead of after their answers, so on
   * PostgreSQL they leave in one write with it (SQLite just runs them). Resolves with what `issue`
   * resolved once the COMMIT committed; if a statement failed, nothing is committed and the error
   * of the first that failed is thrown. A check of their answers comes too late to roll back on
   * PostgreSQL: a condition that must undo the transaction has to fail a statement. Nothing may be
   * issued after it.
   */
  commitWith<T>(issue: () => Promise<T>): Promise<T>;
}

export interface SqlDriver extends SqlExecutor {
  /**
   * For the per-message path's short statements (a lookup by key, a one-row update): on
   * PostgreSQL they pipeline on one connection they share instead of each borrowing one from the
   * pool. Never for a statement that may take long (a scan, an aggregate, a batch): everything on
   * that connection waits behind it. On SQLite the same as the driver itself.
   */
  readonly quick: SqlExecutor;
  /** Runs `work` in one transaction: all of it is committed, or none of it. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Error of a unique constraint, whatever the database. */
export class UniqueViolationError extends Error {
  override readonly name = 'UniqueViolationError';
}

/** Reads a timestamp column (SQLite keeps ISO text; pg gives a Date). */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}
