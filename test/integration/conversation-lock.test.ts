// The conversation lock keeps one conversation's turns one at a time, in this process and across
// instances. The caller gets its turn's outcome as soon as the work is done; the lock's release
// (a Redis round trip) happens after, and the next turn waits for it. A long turn keeps the lock
// (it is renewed), and a turn that cannot have it in time fails with LockTimeoutError.

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LockTimeoutError } from '../../src/conversation/conversation-lock.ts';
import { RedisConversationLock, type RedisLockOptions } from '../../src/redis/redis-conversation-lock.ts';
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
  function instances(count: number, options: Omit<RedisLockOptions, 'prefix'> = {}): RedisConversationLock[] {
    prefix += 1;
    return Array.from({ length: count }, () => {
      const connection = new Redis(server.url);
      connections.push(connection);
      return new RedisConversationLock(connection, { prefix: `lock-test-${prefix}:`, ...options });
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
    const key = `mutex:lock-test-${prefix}:lock:c1`;
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

  it('keeps the lock through a turn that outlasts its expiry, so another instance waits for the whole turn', async () => {
    const [a, b] = instances(2, { lockTimeoutMs: 300, refreshIntervalMs: 100, waitMs: 10_000 });
    const log: string[] = [];
    let longTurnRunning = false;
    const long = a!.run('c1', async () => {
      longTurnRunning = true;
      // Three expiries long: without renewals the lock would lapse under it.
      await new Promise((resolve) => setTimeout(resolve, 900));
      log.push('long turn ends');
      return 'long';
    });
    await waitFor('the long turn started', async () => longTurnRunning);
    const next = b!.run('c1', async () => {
      log.push('next turn starts');
      return 'next';
    });
    expect(await Promise.all([long, next])).toEqual(['long', 'next']);
    expect(log).toEqual(['long turn ends', 'next turn starts']);
  });

  it('fails a turn with LockTimeoutError when another instance holds the conversation past the wait', async () => {
    const [a, b] = instances(2, { waitMs: 200 });
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const long = a!.run('c1', async () => {
      held = true;
      await holding;
      return 'long';
    });
    await waitFor('the first turn holds the lock', async () => held);
    let ran = false;
    await expect(
      b!.run('c1', async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    expect(ran).toBe(false);
    release();
    expect(await long).toBe('long');
    expect(await b!.run('c1', async () => 'after')).toBe('after');
  });
});
