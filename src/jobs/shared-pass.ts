// A pass that every process running the follow-up planner makes every interval (the crisis
// detector, the SLA monitor): a Redis key claimed for the interval makes it one pass per interval
// across the processes, and a lock keeps passes from overlapping.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RepeatingTask } from './repeating-task.ts';

/** Longer than any pass takes; a process that died mid-pass frees the lock after it. */
const PASS_LOCK_MS = 5 * 60_000;

export class SharedPass<R> {
  private readonly repeating: RepeatingTask;
  private intervalMs = 60_000;

  constructor(
    private readonly redis: Redis,
    /** The keys' stem, e.g. `${REDIS_PREFIX}crisis`: `…:pass-lock` and `…:pass-due`. */
    private readonly key: string,
    private readonly pass: () => Promise<R>,
    onError: (error: unknown) => void,
  ) {
    this.repeating = new RepeatingTask(() => this.tick(), onError);
  }

  /** One pass now; null when another process is in the middle of one. */
  async runOnce(): Promise<R | null> {
    const lockKey = `${this.key}:pass-lock`;
    const token = randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', PASS_LOCK_MS, 'NX')) !== 'OK') return null;
    try {
      return await this.pass();
    } finally {
      // Release only our own lock (it may have expired and been taken by another pass).
      await this.redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, token);
    }
  }

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.repeating.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.repeating.stop();
  }

  /** A pass, unless another process made this interval's already. */
  private async tick(): Promise<void> {
    // A little shorter than the interval, so the next tick of the process that made it finds it free.
    const claimed = await this.redis.set(`${this.key}:pass-due`, '1', 'PX', Math.max(500, this.intervalMs - 1_000), 'NX');
    if (claimed === 'OK') await this.runOnce();
  }
}
