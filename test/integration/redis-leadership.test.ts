// "One instance at a time" against a real Redis: of two instances one leads; the other takes over
// when the leader steps down; a leader whose lease was taken, or that cannot reach Redis, stops
// its work before its lease may have run out — and leads again once Redis is back.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Lead, LeadEnd } from '../../src/channels/leadership.ts';
import { connectRedis } from '../../src/redis/connect-redis.ts';
import { RedisLeadership } from '../../src/redis/redis-leadership.ts';
import { startRedis } from '../support/redis-server.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const LEASE_MS = 1_500;

describe('leadership in Redis', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function connect(url = inject('redisUrl')): Redis {
    const redis = connectRedis(url, logger, 'test');
    cleanups.push(() => redis.quit().catch(() => redis.disconnect()));
    return redis;
  }

  /** An instance trying to lead `name`; `events` says what it was told, in order. */
  function instance(redis: Redis, prefix: string, name: string) {
    const events: ('lead' | LeadEnd)[] = [];
    const lead: Lead = new RedisLeadership(redis, prefix, logger).lead(name, {
      leaseMs: LEASE_MS,
      onLead: () => void events.push('lead'),
      onLose: (why) => void events.push(why),
    });
    cleanups.push(() => lead.stop());
    const leading = () => events.at(-1) === 'lead';
    return { events, lead, leading };
  }

  it('lets one of two instances lead, and the other take over when it steps down', async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = connect();
    const [a, b] = [instance(redis, prefix, 'polling'), instance(connect(), prefix, 'polling')];
    await expect.poll(() => a.leading() || b.leading()).toBe(true);
    const [leader, follower] = a.leading() ? [a, b] : [b, a];
    expect(follower.events).toEqual([]);

    await leader.lead.stop();
    expect(leader.events).toEqual(['lead', 'released']);
    await expect.poll(() => follower.leading()).toBe(true);
    expect(leader.events).toEqual(['lead', 'released']);
  });

  it('hands the lease back when it stops, rather than leaving it to run out', async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = connect();
    const only = instance(redis, prefix, 'polling');
    await expect.poll(() => only.leading()).toBe(true);
    expect(await redis.pttl(`${prefix}leader:polling`)).toBeGreaterThan(0);
    await only.lead.stop();
    expect(await redis.exists(`${prefix}leader:polling`)).toBe(0);
  });

  it('keeps separate names apart', async () => {
    const prefix = `test:${randomUUID()}:`;
    const [one, other] = [instance(connect(), prefix, 'telegram:polling:1'), instance(connect(), prefix, 'telegram:polling:2')];
    await expect.poll(() => one.leading() && other.leading()).toBe(true);
  });

  it('stops the work of a leader whose lease another instance has taken', async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = connect();
    const leader = instance(redis, prefix, 'polling');
    await expect.poll(() => leader.leading()).toBe(true);
    // As if the leader had been paused past its lease and another instance had taken it.
    await redis.set(`${prefix}leader:polling`, 'another instance', 'PX', 60_000);
    await expect.poll(() => leader.events).toEqual(['lead', 'lost']);
    // The other instance's lease is left alone.
    expect(await redis.get(`${prefix}leader:polling`)).toBe('another instance');
  });

  it('stops the work of a leader cut off from Redis before its lease could run out, and leads again once Redis is back', async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const leader = instance(connect(own.url), `test:${randomUUID()}:`, 'polling');
    await expect.poll(() => leader.leading()).toBe(true);

    await own.stop();
    // Stepped down on its own clock: nobody could tell it the lease was gone.
    await expect.poll(() => leader.events, { timeout: LEASE_MS * 3 }).toEqual(['lead', 'lost']);

    const back = await startRedis(own.port);
    cleanups.push(() => back.stop());
    await expect.poll(() => leader.events, { timeout: 15_000 }).toEqual(['lead', 'lost', 'lead']);
  });
});
