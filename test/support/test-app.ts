// Starts the real service for a test: real SQLite file or PostgreSQL database, the run's shared
// redis-server with a key prefix of its own, and a listening HTTP server on a free port.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { MIN_SCRYPT_N } from '../../src/console/auth/password-hash.ts';
import { loadContent, type Content } from '../../src/content/load-content.ts';
import { startPostgres } from './postgres-server.ts';
import { TEST_CACHE_DIR } from './paths.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface TestApp {
  app: App;
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

let contentPromise: Promise<Content> | undefined;

/** The real prompts, policy and trained models, loaded once per test file. */
export function testContent(): Promise<Content> {
  contentPromise ??= loadContent({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR });
  return contentPromise;
}

/** A fresh, empty database of the given kind. */
export async function freshDatabaseUrl(kind: StoreKind): Promise<string> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  if (kind === 'sqlite') {
    const dir = inject('dbDir');
    mkdirSync(dir, { recursive: true });
    return `file:${join(dir, `${name}.db`)}`;
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('no PostgreSQL for this project; add it in test/support/global-setup.ts');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

export interface TestAppOptions {
  store?: StoreKind;
  /** Share a database (and key prefix) with another instance. */
  databaseUrl?: string;
  redisPrefix?: string;
  redisUrl?: string;
  env?: Record<string, string>;
  clock?: () => Date;
  content?: Content;
  /** Where the service logs (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
  /**
   * Hash staff passwords at the service's default scrypt cost (N = 2^17, ~0.5 s a hash) instead of
   * the least one (N = 2^14) every other test uses, for a test about the cost itself.
   */
  productionPasswordCost?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await freshDatabaseUrl(options.store ?? 'sqlite'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl ?? inject('redisUrl'),
    REDIS_PREFIX: options.redisPrefix ?? `test:${randomUUID()}:`,
    DATA_DIR: TEST_CACHE_DIR,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Every test customer starts its session from 127.0.0.1; the security tests set their own limit.
    WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '100000',
    // Staffed around the clock unless a test sets hours: escalations wait for a person.
    STAFF_HOURS: '00:00-24:00',
    // Follow-up jobs only where a test asks for them (they send on their own, on the real clock).
    JOBS_IN_PROCESS: 'false',
    // Every staff sign-in and new password runs scrypt: at the least cost allowed, not 128 MiB and half a second.
    ...(options.productionPasswordCost ? {} : { STAFF_PASSWORD_SCRYPT_N: String(MIN_SCRYPT_N) }),
    ...options.env,
  });
  const app = await createApp(config, {
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    content: options.content ?? (await testContent()),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  await app.startChannels();
  return { app, baseUrl: address, databaseUrl, close: () => app.close() };
}

export { startPostgres };
