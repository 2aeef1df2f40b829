// Once per test run: one redis-server and one PostgreSQL for every test (each test uses its own
// key prefix or database), and the NLU models trained once into the shared cache.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadContent } from '../../src/content/load-content.ts';
import { startPostgres, type TestPostgres } from './postgres-server.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { TEST_CACHE_DIR } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string;
    /** This run's folder for SQLite test databases, so runs side by side do not share files. */
    dbDir: string;
  }
}

let redis: TestRedis | undefined;
let postgres: TestPostgres | undefined;
let dbDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dbDir = join(TEST_CACHE_DIR, `db-${process.pid}-${project.name}`);
  rmSync(dbDir, { recursive: true, force: true });
  project.provide('dbDir', dbDir);
  await loadContent({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR });
  redis = await startRedis();
  project.provide('redisUrl', redis.url);
  const needsPostgres = project.name !== 'unit';
  if (needsPostgres) {
    postgres = await startPostgres();
    project.provide('postgresUrl', postgres.url);
  } else project.provide('postgresUrl', '');
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  await postgres?.stop();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
}
