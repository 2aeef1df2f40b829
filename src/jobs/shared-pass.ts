// A pass that runs every interval wherever the follow-up planner runs (the crisis detector, the SLA
// monitor, the assignment timeouts), as a BullMQ job scheduler (scheduled-job.ts): every such process
// declares the same scheduler, one job is made per interval, and one of them takes it. A lock keeps
// a pass asked for by hand (runOnce) from overlapping the scheduled one.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { startScheduledJob, type ScheduledJob } from './scheduled-job.ts';

/** Longer than any pass takes; a process that died mid-pass frees the lock after it. */
const PASS_LOCK_MS = 5 * 60_000;

export class SharedPass<R> {
  private job: ScheduledJob | undefined;

  constructor(
    private readonly redis: Redis,
    /** The keys' stem, e.g. `${REDIS_PREFIX}crisis`: `…:pass-lock`, and the scheduler's queue under `…:pass`. */
    private readonly key: string,
    private readonly pass: () => Promise<R>,
    private readonly onError: (error: unknown) => void,
  ) {}

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

  /** Declares the pass every `intervalMs` (the first at once) and takes its share of the runs here. */
  start(intervalMs: number): void {
    if (this.job) return;
    // What the job would log goes to the owner's onError, which names the pass.
    const report = (fields: { err: unknown }, message: string) => this.onError(new Error(`${this.key}: ${message}`, { cause: fields.err }));
    this.job = startScheduledJob({
      // The owner's connection settings, on connections of the job's own (BullMQ blocks on them and
      // wants them to retry forever).
      connect: () => {
        const connection = this.redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
        connection.on('error', () => undefined); // reconnects by itself; a failed pass is reported below
        return connection;
      },
      prefix: this.key,
      logger: { warn: report, error: report },
      queueName: 'pass',
      schedulerId: 'pass',
      repeat: { everyMs: intervalMs },
      jobName: 'pass',
      keep: 10,
      run: () => this.runOnce(),
      describe: { declareFailed: 'could not declare the pass; declared again when Redis reconnects', runFailed: 'the pass failed; the next comes within the interval' },
    });
  }

  async stop(): Promise<void> {
    await this.job?.close();
    this.job = undefined;
  }
}
