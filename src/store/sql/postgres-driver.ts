// pg behind the SqlDriver port: a connection pool, named prepared statements (pg caches them per
// connection), `?` placeholders rewritten to $n, and timestamps read and written as UTC.
// Connections pipeline: queries issued together (a turn's writes, BEGIN with the first of them)
// go out without waiting for each answer, one round trip instead of one per statement.

import { createHash } from 'node:crypto';
import pg from 'pg';
import { UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlValue } from './sql-driver.ts';

const TIMESTAMP_WITHOUT_TZ = 1114;

export function openPostgresDriver(connectionString: string, max = 5): SqlDriver {
  const pool = new pg.Pool({
    connectionString,
    max,
    pipeline: true,
    types: {
      // Prisma's TIMESTAMP(3) columns hold UTC without a zone: read them as UTC, not local time.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMP_WITHOUT_TZ ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined); // an idle client dropped by the server; the next query reconnects
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
  const executorOf = (client: pg.Pool | pg.PoolClient): SqlExecutor => {
    const send = async (sql: string, params: readonly SqlValue[]) => {
      try {
        return await client.query({ ...statement(sql), values: params.map(toPostgres) });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new UniqueViolationError((error as Error).message, { cause: error });
        throw error;
      }
    };
    return {
      dialect: 'postgres',
      query: async <T>(sql: string, params: readonly SqlValue[] = []) => (await send(sql, params)).rows as T[],
      execute: async (sql, params = []) => (await send(sql, params)).rowCount ?? 0,
    };
  };
  const poolExecutor = executorOf(pool);

  return {
    ...poolExecutor,
    async transaction(work) {
      const client = await pool.connect();
      // A server that goes away mid-transaction emits 'error' on the borrowed client; unheard, that
      // would end the process. Heard, the statement in flight fails and the transaction is retried.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        // Not awaited alone: it leaves with the transaction's first statement (a failed BEGIN fails that one too).
        const begun = client.query('BEGIN');
        begun.catch(() => undefined);
        const result = await work(executorOf(client));
        await begun;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken); // a broken connection is closed, not handed out again
      }
    },
    close: () => pool.end(),
  };
}

function toPostgres(value: SqlValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return value;
}
