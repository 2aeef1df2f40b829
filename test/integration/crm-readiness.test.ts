// GET /readyz: ready when the store answers, Redis answers PING and every migration the code ships
// is applied; 503 naming the failing check otherwise. /healthz (liveness) is unchanged beside it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

async function readiness(baseUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('readiness on %s', (store) => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ store })));
  afterAll(async () => t?.close());

  it('is ready on a working app', async () => {
    expect(await readiness(t.baseUrl)).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', redis: 'ok', migrations: 'ok' } } });
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('is not ready while a migration the code ships is missing from the database', async () => {
    const [last] = await t.app.database.sql.query<{ name: string; appliedAt: string }>('SELECT "name", "appliedAt" FROM "_care_migrations" ORDER BY "name" DESC LIMIT 1');
    await t.app.database.sql.execute('DELETE FROM "_care_migrations" WHERE "name" = ?', [last!.name]);
    try {
      expect(await readiness(t.baseUrl)).toEqual({ status: 503, body: { status: 'not_ready', checks: { database: 'ok', redis: 'ok', migrations: 'pending' } } });
    } finally {
      await t.app.database.sql.execute('INSERT INTO "_care_migrations" ("name", "appliedAt") VALUES (?, ?)', [last!.name, last!.appliedAt]);
    }
    expect((await readiness(t.baseUrl)).status).toBe(200);
  });
});

describe('readiness without Redis', () => {
  it('answers 503 naming redis while its Redis is down, and is ready again once it is back', async () => {
    const redis = await startRedis();
    const t = await startTestApp({ redisUrl: redis.url });
    try {
      expect((await readiness(t.baseUrl)).status).toBe(200);
      await redis.stop();
      expect(await readiness(t.baseUrl)).toEqual({ status: 503, body: { status: 'not_ready', checks: { database: 'ok', redis: 'failed', migrations: 'ok' } } });
      const again = await startRedis(redis.port);
      try {
        await expect.poll(async () => (await readiness(t.baseUrl)).status, { timeout: 15_000 }).toBe(200);
      } finally {
        await again.stop();
      }
    } finally {
      await t.close();
    }
  });
});
