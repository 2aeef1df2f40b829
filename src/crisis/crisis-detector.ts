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
import { SharedPass } from '../jobs/shared-pass.ts';
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

export class CrisisDetector {
  private readonly newId: () => string;
  private readonly shared: SharedPass<NewSignal[]>;

  constructor(private readonly deps: CrisisDetectorDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.shared = new SharedPass(
      deps.redis,
      `${deps.redisPrefix}crisis`,
      () => this.pass(),
      (err) => deps.logger.warn({ err }, 'crisis: a detection pass failed; will try again'),
    );
  }

  /** One pass now; null when another process is in the middle of one. Returns the new signals. */
  detect(): Promise<NewSignal[] | null> {
    return this.shared.runOnce();
  }

  private async pass(): Promise<NewSignal[]> {
    const { store, options, clock, logger } = this.deps;
    const now = clock();
    const windowStart = new Date(now.getTime() - options.windowMs);
    const counts = await store.countComplaints({ windowStart, baselineStart: new Date(windowStart.getTime() - options.baselineMs), now, minCount: options.minCount });
    const spikes = detectSpikes(counts, options);
    // One burst, one signal: the spikes that share most of their complaints with the one naming the burst fold into it.
    const cases = new Map(await Promise.all(spikes.map(async (spike) => [spike, new Set(await store.windowCaseIds(spike.dimension, spike.key, windowStart, now))] as const)));
    const active = await store.activeSignals();
    const signalled = new Set(active.map((signal) => `${signal.dimension}:${signal.key}`));
    const changes = signalChanges(
      foldSpikes(spikes, (spike) => cases.get(spike) ?? new Set(), signalled),
      active,
      now,
      options.windowMs,
    );
    const created = await store.applySignalChanges(changes, this.newId, now);
    if (created.length) logger.info({ signals: created.map((s) => `${s.dimension}:${s.key}`) }, 'crisis: new signals');
    for (const signal of created) {
      await this.deps.onSignal(signal, now).catch((err: unknown) => logger.warn({ err, signalId: signal.id }, 'crisis: alerting a new signal failed'));
    }
    return created;
  }

  start(intervalMs: number): void {
    this.shared.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.shared.stop();
  }
}
