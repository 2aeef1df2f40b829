// pg behind the SqlDriver port: a connection pool, named prepared statements (pg caches them per
// connection), `?` placeholders rewritten to $n, and timestamps read and written as UTC.
// Connections pipeline: queries issued together (a turn's writes, BEGIN with the first of them)
// go out without waiting for each answer, one round trip instead of one per statement. A
// transaction whose work ends with `commitWith` sends its COMMIT with its last statements, so a
// turn holds its pooled connection for one round trip instead of two or more. In pipeline mode a
// failed statement aborts the transaction and its COMMIT answers ROLLBACK, not an error: the driver
// reads that answer, and the caller hears the statement that failed first, never success.
//
// The per-message path's short statements outside a transaction (`quick`: the session, the open
// conversation, an order) share one connection of their own instead of each borrowing one from
// the pool: they pipeline on it, the reads of many turns in one write, and they no longer queue
// for a pooled connection behind the transactions (with five connections and 32 turns in flight,
// that wait was most of a turn's time). Everything else outside a transaction (exports, segment
// scans, the console's lists) still borrows a pooled connection, so a long query never holds up
// a customer's turn.

import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import pg from 'pg';
import { holdWritesUntilCheckPhase } from '../../shared/hold-writes.ts';
import { UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlTransaction, type SqlValue } from './sql-driver.ts';

const TIMESTAMP_WITHOUT_TZ = 1114;
/** SQLSTATE of a statement refused because an earlier one aborted the transaction. */
const IN_FAILED_TRANSACTION = '25P02';
/** Connections per pool unless told (DATABASE_POOL_SIZE): queries pipeline, so a few go far. */
export const DEFAULT_POOL_SIZE = 5;

/** `max`: pooled connections for transactions; statements outside one use one more, shared. */
export function openPostgresDriver(connectionString: string, max = DEFAULT_POOL_SIZE): SqlDriver {
  const config = {
    connectionString,
    pipeline: true,
    types: {
      // Prisma's TIMESTAMP(3) columns hold UTC without a zone: read them as UTC, not local time.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMP_WITHOUT_TZ ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  };
  const pool = new pg.Pool({ ...config, max });
  pool.on('error', () => undefined); // an idle client dropped by the server; the next query reconnects
  const shared = sharedConnection(() => new pg.Client(config));
  const names = new Map<string, { name: string; text: string }>();

  const statement = (sql: string) => {
    let prepared = names.get(sql);
    if (!prepared) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      prepared = { name: `q${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
      names.set(sql, prepared);
    }
    return prepared;
  };
  const executorOf = (client: pg.ClientBase, watch?: StatementWatch): SqlExecutor => {
    const send = (sql: string, params: readonly SqlValue[]) =>
      new Promise<pg.QueryResult>((resolve, reject) => {
        const refused = watch?.refusal();
        if (refused) return reject(refused);
        coalesceWrites(client);
        // A callback, not pg's promise: it runs as the answer is read, so failures are heard in the order sent.
        client.query({ ...statement(sql), values: params.map(toPostgres) }, (error: (Error & { code?: string }) | null, result) => {
          if (!error) return resolve(result);
          const failure = error.code === '23505' ? new UniqueViolationError(error.message, { cause: error }) : error;
          watch?.failed(failure);
          reject(failure);
        });
      });
    return {
      dialect: 'postgres',
      query: async <T>(sql: string, params: readonly SqlValue[] = []) => (await send(sql, params)).rows as T[],
      execute: async (sql, params = []) => (await send(sql, params)).rowCount ?? 0,
    };
  };
  /**
   * `work` on a borrowed connection, between a BEGIN that leaves with its first statements and a
   * COMMIT sent after it resolved or, through commitWith, with its last statements.
   */
  const runTransaction = async <T>(client: pg.PoolClient, work: (tx: SqlTransaction) => Promise<T>): Promise<T> => {
    let firstFailure: Error | undefined;
    let committed: Promise<void> | undefined;
    const statements = executorOf(client, {
      // Sent after the COMMIT it would run on its own, outside the transaction: refused instead.
      refusal: () => (committed ? new Error("a statement issued after its transaction's COMMIT: commitWith must issue every statement before it awaits") : undefined),
      failed: (error) => (firstFailure ??= error),
    });
    const commit = (): Promise<void> => {
      coalesceWrites(client);
      committed = client.query('COMMIT').then(
        (answer) => {
          if (answer.command !== 'COMMIT') throw firstFailure ?? new Error(`the transaction was rolled back: COMMIT answered ${answer.command}`);
        },
        (error: unknown) => {
          throw firstFailure ?? error;
        },
      );
      return committed;
    };
    const tx: SqlTransaction = {
      ...statements,
      commitWith: async (issue) => {
        if (committed) throw new Error("commitWith after the transaction's COMMIT was sent");
        const outcome = issue().then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        await commit();
        const settled = await outcome;
        if (!settled.ok) throw settled.error;
        return settled.value;
      },
    };
    coalesceWrites(client);
    // Not awaited alone: it leaves with the transaction's first statement (a failed BEGIN fails that one too).
    const begun = client.query('BEGIN');
    begun.catch(() => undefined);
    try {
      const result = await work(tx);
      await begun;
      await (committed ?? commit());
      return result;
    } catch (error) {
      if (!committed) await client.query('ROLLBACK').catch(() => undefined);
      // A statement refused because an earlier one failed tells nothing of why; the earlier one does.
      throw (error as { code?: string }).code === IN_FAILED_TRANSACTION && firstFailure ? firstFailure : error;
    }
  };
  /**
   * Runs `work` on a connection of the pool. A server that goes away mid-query emits 'error' on the
   * borrowed client; unheard, that would end the process. Heard, the query in flight fails, and the
   * broken connection is closed rather than handed out again.
   */
  const borrow = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      return await work(client);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  };

  return {
    dialect: 'postgres',
    query: (sql, params) => borrow((client) => executorOf(client).query(sql, params)),
    execute: (sql, params) => borrow((client) => executorOf(client).execute(sql, params)),
    quick: {
      dialect: 'postgres',
      query: async (sql, params) => executorOf(await shared.client()).query(sql, params),
      execute: async (sql, params) => executorOf(await shared.client()).execute(sql, params),
    },
    transaction: (work) => borrow((client) => runTransaction(client, work)),
    close: async () => {
      await shared.close();
      await pool.end();
    },
  };
}

/** What a transaction hears of its statements. */
interface StatementWatch {
  /** Why a statement may not be sent now, if it may not. */
  refusal(): Error | undefined;
  /** A statement failed; called in the order the statements were sent. */
  failed(error: Error): void;
}

/**
 * A connection opened on first use and kept. One that fails (the server restarted, the network
 * dropped it) fails the statements in flight on it and is replaced on the next use.
 */
function sharedConnection(open: () => pg.Client): { client(): Promise<pg.Client>; close(): Promise<void> } {
  let current: Promise<pg.Client> | undefined;
  const connect = (): Promise<pg.Client> => {
    const client = open();
    const connecting = client.connect().then(() => client);
    const drop = () => {
      if (current === connecting) current = undefined;
    };
    client.on('error', () => {
      drop();
      void client.end().catch(() => undefined);
    });
    client.on('end', drop);
    connecting.catch(drop);
    return connecting;
  };
  return {
    client: () => {
      current ??= connect();
      return current;
    },
    close: async () => {
      const closing = current;
      current = undefined;
      const client = await closing?.catch(() => undefined);
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * A connection's statements leave in one write per turn of the event loop (hold-writes.ts): many
 * turns' reads on the shared connection, a turn's BEGIN … COMMIT. pg writes each message of a
 * query (bind, execute, sync) on its own. Under load, uncorking on the next tick instead of in the
 * check phase cost about an eighth more CPU per message (bench:compare on PostgreSQL).
 */
function coalesceWrites(client: pg.ClientBase): void {
  holdWritesUntilCheckPhase((client as unknown as { connection?: { stream?: Socket } }).connection?.stream);
}

function toPostgres(value: SqlValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return value;
}
