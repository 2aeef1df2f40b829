// The database a pipeline run uses, emptied before it starts:
//   SQLite (default)          data/bench/bench.db, its files deleted first;
//   BENCH_DATABASE_URL=…      that PostgreSQL database, its schema `public` dropped and created again
//                             (everything in it is erased: point it at a database kept for the bench);
//   BENCH_DATABASE=postgres   a throwaway PostgreSQL cluster in a temp folder (initdb + pg_ctl, as
//                             the tests do), with a database care_bench, removed after the run
//                             however it ends (an interrupt while the cluster starts included).

import { rmSync } from 'node:fs';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.ts';
import { redactPassword } from './bench-env.ts';
import type { RunResources } from './run-resources.ts';

export type DatabaseChoice = { kind: 'sqlite'; file: string } | { kind: 'postgres-url'; url: string } | { kind: 'postgres-throwaway' };

export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  /** The app's DATABASE_URL. */
  url: string;
  /** What it is, for the report (server version and durability settings for PostgreSQL). */
  description: string;
}

/** A throwaway cluster is removed when `resources` are released, from the moment its server exists. */
export async function prepareDatabase(choice: DatabaseChoice, resources: Pick<RunResources, 'onRelease'>): Promise<BenchDatabase> {
  switch (choice.kind) {
    case 'sqlite':
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${choice.file}${suffix}`, { force: true });
      return { kind: 'sqlite', url: `file:${choice.file}`, description: `SQLite ${choice.file} (deleted first)` };
    case 'postgres-url': {
      await resetSchema(choice.url);
      return {
        kind: 'postgres',
        url: choice.url,
        description: `${await describePostgres(choice.url)} at ${redactPassword(choice.url)} (schema public dropped and created again)`,
      };
    }
    case 'postgres-throwaway': {
      const server = await startPostgres();
      // Registered before the next await: an interrupt during initdb and pg_ctl (run synchronously) is heard there.
      resources.onRelease(() => server.stop());
      const url = await server.createDatabase('care_bench');
      return { kind: 'postgres', url, description: `throwaway ${await describePostgres(url)} at ${url} (removed after the run)` };
    }
  }
}

async function resetSchema(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  });
}

async function describePostgres(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const setting = async (name: string) => (await client.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name])).rows[0]?.setting ?? '?';
    return `PostgreSQL ${await setting('server_version')} (fsync=${await setting('fsync')}, synchronous_commit=${await setting('synchronous_commit')}, max_connections=${await setting('max_connections')})`;
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
