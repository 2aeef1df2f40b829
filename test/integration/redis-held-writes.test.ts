// The app's Redis connection holds its writes for the turn of the event loop (connect-redis.ts,
// holdCommandWrites): the commands of one turn leave together, and a command never waits for
// the answers of commands sent before it. ioredis's auto-pipelining, used before, kept one batch
// in flight and sent nothing more until all of its answers were in. A blocking BLPOP stands for
// an answer that is slow to come; a proxy shows what reached the server meanwhile.

import pino from 'pino';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis, holdCommandWrites } from '../../src/redis/connect-redis.ts';
import { redisBehindTap } from '../support/redis-behind-tap.ts';
import { waitFor } from '../support/wait-for.ts';

const servers = redisBehindTap();

const sentText = () => servers.tap.sent.map((chunk) => chunk.toString('latin1')).join('');

describe('a connection that holds its writes for the turn of the event loop', () => {
  it('sends a command while an earlier one still waits for its answer', async () => {
    const connection = holdCommandWrites(connectRedis(servers.tap.url, pino({ level: 'silent' }), 'main'));
    const other = new Redis(servers.redis.url);
    try {
      await connection.ping();
      servers.tap.clear();
      const popped = connection.blpop('held:list', 0);
      await new Promise((resolve) => setImmediate(resolve));
      const set = connection.set('held:after', 'sent');
      // The SET reaches the server before the BLPOP has any answer: nothing was pushed yet.
      await waitFor('the SET to reach the server', async () => sentText().includes('held:after'), 5_000);
      expect(sentText().indexOf('held:list')).toBeLessThan(sentText().indexOf('held:after'));
      await other.rpush('held:list', 'item');
      expect(await popped).toEqual(['held:list', 'item']);
      expect(await set).toBe('OK');
    } finally {
      connection.disconnect();
      other.disconnect();
    }
  });

  it('holds the commands of one turn of the loop in the socket until the check phase, then sends them, answers in order', async () => {
    const connection = holdCommandWrites(connectRedis(servers.tap.url, pino({ level: 'silent' }), 'main'));
    try {
      await connection.ping();
      const answers = Promise.all(Array.from({ length: 20 }, (_, i) => connection.incrby('held:count', i + 1)));
      expect(connection.stream.writableCorked).toBe(1);
      expect(connection.stream.writableLength).toBeGreaterThan(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(connection.stream.writableCorked).toBe(0);
      expect(await answers).toEqual(Array.from({ length: 20 }, (_, i) => ((i + 1) * (i + 2)) / 2));
    } finally {
      connection.disconnect();
    }
  });
});
