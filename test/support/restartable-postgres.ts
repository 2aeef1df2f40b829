// A private PostgreSQL cluster that a test may stop (as a crash: `pg_ctl stop -m immediate`) and
// start again on the same port with the same data — a database outage, without touching the
// run's shared server. Like postgres-server.ts, it runs the server as `postgres` when we are root.

import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../src/redis/embedded-redis.ts';
import { binDir } from './postgres-server.ts';

export interface RestartablePostgres {
  /** URL of the maintenance database. */
  readonly url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once, as a crash would (connections cut, no checkpoint). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

const exec = promisify(execFile);

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'care-pg-restartable-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  // Asynchronous, so a test's in-process service keeps running while the server stops or starts.
  const run = async (tool: string, args: string[]) => {
    const command = [join(bin, tool), ...args].map((a) => `'${a}'`).join(' ');
    if (asRoot) await exec('su', ['postgres', '-s', '/bin/sh', '-c', command]);
    else await exec(join(bin, tool), args);
  };
  const data = join(dir, 'data');
  const pgStart = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
  const pgStop = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  await pgStart();
  let running = true;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE "${name}"`);
      await client.end();
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await pgStop();
      running = false;
    },
    async start() {
      await pgStart();
      running = true;
    },
    async destroy() {
      try {
        if (running) await pgStop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
