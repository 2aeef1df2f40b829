// Keeps the messages of one conversation strictly in order, one at a time: a promise chain inside
// this process and a Redis lock across processes (so two app instances never interleave a turn).

import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ConversationLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface RedisLockOptions {
  prefix: string;
  /** The lock expires after this long if its holder dies mid-turn. */
  ttlMs?: number;
  /** Give up waiting after this long. */
  waitMs?: number;
}

export class RedisConversationLock implements ConversationLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly releaseSha = createHash('sha1').update(RELEASE).digest('hex');

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.waitMs = options.waitMs ?? 20_000;
  }

  /**
   * The caller has the work's outcome as soon as the work is done: the release is a Redis round
   * trip the answer need not wait for (under load, one more pass of a busy event loop). The next
   * turn of the conversation in this process still waits for it; one on another instance that
   * comes first retries until the lock is free.
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const held = previous.then(
      () => this.withRedisLock(key, work),
      () => this.withRedisLock(key, work),
    );
    const tail = held.then(
      ({ released }) => released,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return held.then(({ outcome }) => (outcome.ok ? outcome.value : Promise.reject(outcome.error)));
  }

  /** Takes the lock (or fails to, which rejects), runs the work, and starts the release. */
  private async withRedisLock<T>(key: string, work: () => Promise<T>): Promise<{ outcome: Outcome<T>; released: Promise<void> }> {
    const redisKey = `${this.options.prefix}lock:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let pause = 2;
    while ((await this.redis.set(redisKey, token, 'PX', this.ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(`conversation ${key} stayed locked for ${this.waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
    }
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    return { outcome, released: this.release(redisKey, token) };
  }

  private async release(redisKey: string, token: string): Promise<void> {
    // EVALSHA after the first call: the script is sent once, not with every release.
    await this.redis
      .evalsha(this.releaseSha, 1, redisKey, token)
      .catch((error: Error) => (error.message.includes('NOSCRIPT') ? this.redis.eval(RELEASE, 1, redisKey, token) : undefined))
      .catch(() => undefined);
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
