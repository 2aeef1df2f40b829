// The conversation lock keeps one conversation's turns one at a time, in this process and across
// instances. The caller gets its turn's outcome as soon as the work is done; the lock's release
// (a Redis round trip) happens after, and the next turn waits for it.

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisConversationLock } from '../../src/conversation/conversation-lock.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait-for.ts';

describe('conversation lock', () => {
  let server: TestRedis;
  let admin: Redis;
  let prefix = 0;
  const connections: Redis[] = [];

  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });

  afterEach(async () => {
    await admin.client('UNPAUSE');
  });

  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    admin.disconnect();
    await server.stop();
  });

  /** Locks of one deployment, as N instances would hold them. */
  function instances(count: number): RedisConversationLock[] {
    prefix += 1;
    return Array.from({ length: count }, () => {
      const connection = new Redis(server.url);
      connections.push(connection);
      return new RedisConversationLock(connection, { prefix: `lock-test-${prefix}:` });
    });
  }

  it('runs the turns of one conversation one at a time across instances, and others side by side', async () => {
    const [a, b] = instances(2);
    const running = new Map<string, number>();
    let overlapped = false;
    const log: string[] = [];
    const turn = (lock: RedisConversationLock, key: string, name: string) =>
      lock!.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        if (running.get(key)! > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(name);
        running.set(key, running.get(key)! - 1);
        return name;
      });
    const results = await Promise.all([turn(a!, 'c1', 'a1'), turn(b!, 'c1', 'b1'), turn(a!, 'c1', 'a2'), turn(b!, 'c2', 'other'), turn(b!, 'c1', 'b2')]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'other', 'b2']);
    expect(overlapped).toBe(false);
    // Within one instance, in the order asked.
    expect(log.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(log.filter((n) => n.startsWith('b') && n !== 'other')).toEqual(['b1', 'b2']);
  });

  it("answers before the release reaches Redis, and holds the conversation's next turn until it has", async () => {
    const [lock] = instances(1);
    const key = `lock-test-${prefix}:lock:c1`;
    // Writes (the release's DEL among them) wait while Redis is paused; reads go on.
    const first = await lock!.run('c1', async () => {
      await admin.client('PAUSE', 10_000, 'WRITE');
      return 'first';
    });
    expect(first).toBe('first');
    expect(await admin.exists(key)).toBe(1);

    let secondStarted = false;
    const second = lock!.run('c1', async () => {
      secondStarted = true;
      return 'second';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(secondStarted).toBe(false);
    await admin.client('UNPAUSE');
    expect(await second).toBe('second');
    await waitFor('the lock released', async () => (await admin.exists(key)) === 0);
  });

  it("gives the caller the work's error and frees the lock for the next turn", async () => {
    const [lock] = instances(1);
    await expect(
      lock!.run('c1', async () => {
        throw new Error('the turn broke');
      }),
    ).rejects.toThrow('the turn broke');
    expect(await lock!.run('c1', async () => 'next')).toBe('next');
  });
});
