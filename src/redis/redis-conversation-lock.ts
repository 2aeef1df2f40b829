// The conversation lock across processes: a per-conversation promise chain inside this process
// (shared/keyed-queue.ts) and a redis-semaphore Mutex across instances. The mutex refreshes its
// expiry while a turn runs, so a turn may take as long as it needs (the model's budget) without the
// lock lapsing, yet a holder that dies mid-turn frees the conversation within `lockTimeoutMs`.

import type { Redis } from 'ioredis';
import { Mutex, TimeoutError } from 'redis-semaphore';
import { LockTimeoutError, type ConversationLock } from '../conversation/conversation-lock.ts';
import { KeyedQueue } from '../shared/keyed-queue.ts';

export interface RedisLockOptions {
  /** REDIS_PREFIX. The mutex's key is `mutex:<prefix>lock:<conversation key>` (redis-semaphore puts `mutex:` in front). */
  prefix: string;
  /** The lock expires this long after its last refresh: how soon a holder that died frees the conversation. Default 15 s. */
  lockTimeoutMs?: number;
  /** How often a running turn renews the lock. Default a third of `lockTimeoutMs`: two renewals may fail before it lapses. */
  refreshIntervalMs?: number;
  /** Give up waiting for another instance's turn after this long (LockTimeoutError). Default 20 s. */
  waitMs?: number;
  /** Pause between tries while another instance holds the lock. Default 10 ms. */
  retryIntervalMs?: number;
  /**
   * The lock lapsed under a running turn (renewals failed: Redis away, the event loop stalled). The
   * turn goes on; the conversation's optimistic version check still refuses a second writer.
   */
  onLockLost?: (key: string, error: Error) => void;
}

export class RedisConversationLock implements ConversationLock {
  private readonly turns = new KeyedQueue();
  private readonly lockTimeoutMs: number;
  private readonly refreshIntervalMs: number;
  private readonly waitMs: number;
  private readonly retryIntervalMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions,
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.refreshIntervalMs = options.refreshIntervalMs ?? Math.round(this.lockTimeoutMs / 3);
    this.waitMs = options.waitMs ?? 20_000;
    this.retryIntervalMs = options.retryIntervalMs ?? 10;
  }

  /**
   * Per message: one SET NX PX to take the lock and one EVALSHA to release it (redis-semaphore's
   * script, sent once per connection); a turn shorter than the refresh interval renews nothing.
   * The caller has the work's outcome as soon as the work is done: the release need not be
   * waited for, and on a connection that holds its writes for the turn of the event loop (the
   * app's, connect-redis.ts) it leaves in one write with the turn's live events. The next turn of
   * the conversation in this process still waits for it; one on another instance that comes first
   * retries until the lock is free.
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.turns.run(key, async (holdKey) => {
      const mutex = new Mutex(this.redis, `${this.options.prefix}lock:${key}`, {
        lockTimeout: this.lockTimeoutMs,
        refreshInterval: this.refreshIntervalMs,
        acquireTimeout: this.waitMs,
        retryInterval: this.retryIntervalMs,
        // The library's default throws from a timer (an uncaught exception): report instead.
        onLockLost: (error) => this.options.onLockLost?.(key, error),
      });
      try {
        await mutex.acquire();
      } catch (error) {
        if (error instanceof TimeoutError) throw new LockTimeoutError(`conversation ${key} stayed locked for ${this.waitMs} ms`, { cause: error });
        throw error;
      }
      try {
        return await work();
      } finally {
        // A release that fails leaves the key to expire (lockTimeoutMs); the next turn waits for that.
        holdKey(mutex.release().catch(() => undefined));
      }
    });
  }
}
