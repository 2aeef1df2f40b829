// Request counts are kept in each process and shared through Redis a few times a second: exact
// within a process, shared across instances once they sync, and never lost when Redis is away.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRateCounter } from '../../src/http/shared-rate-counter.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';

const MINUTE = 60_000;

describe('shared request counts', () => {
  let server: TestRedis;
  let redis: Redis;
  const counters: SharedRateCounter[] = [];
  let prefix = 0;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    for (const counter of counters) await counter.close();
    redis.disconnect();
    await server.stop();
  });

  /** Counters of one deployment (shared prefix), as two app instances would have. */
  function instances(count: number, now?: () => number, connection: Redis = redis): SharedRateCounter[] {
    prefix += 1;
    const made = Array.from({ length: count }, () => new SharedRateCounter(connection, { prefix: `t${prefix}:`, syncEveryMs: 60_000, ...(now ? { now } : {}) }));
    counters.push(...made);
    return made;
  }

  it('counts every request of a client within one process, without waiting for Redis', () => {
    const [a] = instances(1);
    expect([1, 2, 3, 4].map(() => a!.hit('10.0.0.1', MINUTE).current)).toEqual([1, 2, 3, 4]);
    expect(a!.hit('10.0.0.2', MINUTE).current).toBe(1);
  });

  it('adds what the other instances counted once both have synced', async () => {
    const [a, b] = instances(2);
    for (let i = 0; i < 3; i += 1) a!.hit('client', MINUTE);
    await a!.sync();
    expect(b!.hit('client', MINUTE).current).toBe(1); // b has not heard from Redis yet
    await b!.sync();
    expect(b!.hit('client', MINUTE).current).toBe(5);
    expect(a!.hit('client', MINUTE).current).toBe(4); // a last heard the total before b's hits
    await a!.sync();
    // a's 4, and b's first (b's second is not synced yet).
    expect(a!.hit('client', MINUTE).current).toBe(6);
  });

  it('starts again in the next window, and tells how long the current one lasts', () => {
    let clock = 10 * MINUTE + 15_000;
    const [a] = instances(1, () => clock);
    expect(a!.hit('client', MINUTE)).toEqual({ current: 1, ttl: 45_000 });
    a!.hit('client', MINUTE);
    clock += 45_000;
    expect(a!.hit('client', MINUTE)).toEqual({ current: 1, ttl: MINUTE });
  });

  it('keeps the hits a failed sync could not add, and adds them once Redis answers', async () => {
    const flaky = await startRedis();
    const connection = new Redis(flaky.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    connection.on('error', () => undefined);
    await connection.connect();
    const [a, b] = instances(2, undefined, connection);
    a!.hit('client', MINUTE);
    a!.hit('client', MINUTE);
    await flaky.stop();
    await a!.sync().catch(() => undefined);
    expect(a!.hit('client', MINUTE).current).toBe(3);
    const again = await startRedis(flaky.port);
    await expect.poll(() => connection.status).toBe('ready');
    await a!.sync();
    await b!.sync();
    b!.hit('client', MINUTE);
    await b!.sync();
    expect(b!.hit('client', MINUTE).current).toBe(5);
    connection.disconnect();
    await again.stop();
  });
});
