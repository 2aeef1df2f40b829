// Looks for bursts of complaints (seed 002, crisis: 确认) every interval: counts complaints per
// category, product and keyword in the window and the baseline (store), runs the pure detector
// (domain/crisis/spike-detection.ts), writes what changed among the signals and alerts on the new
// ones. Wherever the follow-up planner runs, in every such process: a Redis key claimed for the
// interval makes one pass per interval across them, and a lock keeps passes from overlapping.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { signalChanges } from '../domain/crisis/signal-changes.ts';
import { foldSpikes } from '../domain/crisis/fold-spikes.ts';
import { detectSpikes, type SpikeOptions } from '../domain/crisis/spike-detection.ts';
import { RepeatingTask } from '../jobs/repeating-task.ts';
import type { CrisisStore, NewSignal } from './crisis-ports.ts';

export interface CrisisDetectorDeps {
  store: CrisisStore;
  redis: Redis;
  redisPrefix: string;
  options: SpikeOptions;
  logger: Logger;
  clock: () => Date;
  newId?: () => string;
  /** Told of each new signal after it is written; its errors are logged. */
  onSignal: (signal: NewSignal, detectedAt: Date) => Promise<void>;
}

/** Longer than any pass takes; a process that died mid-pass frees the lock after it. */
const PASS_LOCK_MS = 5 * 60_000;

export class CrisisDetector {
  private readonly newId: () => string;
  private readonly repeating = new RepeatingTask(
    () => this.tick(),
    (err) => this.deps.logger.warn({ err }, 'crisis: a detection pass failed; will try again'),
  );
  private intervalMs = 60_000;

  constructor(private readonly deps: CrisisDetectorDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  /** One pass now; null when another process is in the middle of one. Returns the new signals. */
  async detect(): Promise<NewSignal[] | null> {
    const { redis, redisPrefix, store, options, clock, logger } = this.deps;
    const lockKey = `${redisPrefix}crisis:pass-lock`;
    const token = randomUUID();
    if ((await redis.set(lockKey, token, 'PX', PASS_LOCK_MS, 'NX')) !== 'OK') return null;
    try {
      const now = clock();
      const windowStart = new Date(now.getTime() - options.windowMs);
      const counts = await store.countComplaints({ windowStart, baselineStart: new Date(windowStart.getTime() - options.baselineMs), now, minCount: options.minCount });
      const spikes = detectSpikes(counts, options);
      // One burst, one signal: the spikes that share most of their complaints with a more specific one fold into it.
      const cases = new Map(await Promise.all(spikes.map(async (spike) => [spike, new Set(await store.windowCaseIds(spike.dimension, spike.key, windowStart, now))] as const)));
      const active = await store.activeSignals();
      const signalled = new Set(active.map((signal) => `${signal.dimension}:${signal.key}`));
      const changes = signalChanges(foldSpikes(spikes, (spike) => cases.get(spike) ?? new Set(), signalled), active, now, options.windowMs);
      const created = await store.applySignalChanges(changes, this.newId, now);
      if (created.length) logger.info({ signals: created.map((s) => `${s.dimension}:${s.key}`) }, 'crisis: new signals');
      for (const signal of created) {
        await this.deps.onSignal(signal, now).catch((err: unknown) => logger.warn({ err, signalId: signal.id }, 'crisis: alerting a new signal failed'));
      }
      return created;
    } finally {
      // Release only our own lock (it may have expired and been taken by another pass).
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, token);
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
    const { redis, redisPrefix } = this.deps;
    // A little shorter than the interval, so the next tick of the process that made it finds it free.
    const claimed = await redis.set(`${redisPrefix}crisis:pass-due`, '1', 'PX', Math.max(500, this.intervalMs - 1_000), 'NX');
    if (claimed === 'OK') await this.detect();
  }
}
