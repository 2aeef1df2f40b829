// Starts the crisis signal in a process: its store, the live crisis events, the open incidents
// the bot matches complaints against (apps only) and, where the follow-up planner runs, the
// detector every CRISIS_DETECT_INTERVAL_MS.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import type { SpikeOptions } from '../domain/crisis/spike-detection.ts';
import { SqlCrisisStore } from '../store/crisis-store.ts';
import type { SqlDriver } from '../store/sql/sql-driver.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';
import { crisisAlerts, type StaffChatNotice } from './crisis-alerts.ts';
import { CrisisDetector } from './crisis-detector.ts';
import { CrisisEvents } from './crisis-events.ts';
import type { CrisisStore } from './crisis-ports.ts';
import { OpenIncidents } from './open-incidents.ts';

export type CrisisConfig = Pick<
  Config,
  'REDIS_PREFIX' | 'CRISIS_DETECT_INTERVAL_MS' | 'CRISIS_WINDOW_MS' | 'CRISIS_BASELINE_MS' | 'CRISIS_MIN_COUNT' | 'CRISIS_MIN_EXPECTED' | 'CRISIS_ALPHA' | 'CRISIS_MIN_RATIO'
>;

export interface CrisisDeps {
  config: CrisisConfig;
  sql: SqlDriver;
  redis: Redis;
  /** The app's subscriber connection; absent in a process that only publishes (the worker). */
  subscriber?: Redis;
  webhooks: WebhookEvents;
  phrases: Phrasebook;
  logger: Logger;
  clock: () => Date;
  staffChat?: StaffChatNotice;
  /** Run the detector here (where the follow-up planner runs). */
  detect: boolean;
}

/** What the console's crisis routes use. */
export interface CrisisServices {
  store: CrisisStore;
  events: CrisisEvents;
  incidents: OpenIncidents;
  /** The detector's window (CRISIS_WINDOW_MS): what a signal's count covers. */
  windowMs: number;
}

export interface Crisis extends CrisisServices {
  detector: CrisisDetector;
  close(): Promise<void>;
}

export function spikeOptions(config: CrisisConfig): SpikeOptions {
  return {
    windowMs: config.CRISIS_WINDOW_MS,
    baselineMs: config.CRISIS_BASELINE_MS,
    minCount: config.CRISIS_MIN_COUNT,
    minExpected: config.CRISIS_MIN_EXPECTED,
    alpha: config.CRISIS_ALPHA,
    minRatio: config.CRISIS_MIN_RATIO,
  };
}

export async function startCrisis(deps: CrisisDeps): Promise<Crisis> {
  const { config, logger } = deps;
  const store = new SqlCrisisStore(deps.sql, config.CRISIS_WINDOW_MS);
  const events = new CrisisEvents(deps.redis, deps.subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad crisis event'));
  const incidents = new OpenIncidents(store, logger);
  const stopListening = events.subscribe(() => void incidents.reload());
  if (deps.subscriber) await Promise.all([events.start(), incidents.reload()]);
  const options = spikeOptions(config);
  const detector = new CrisisDetector({
    store,
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    options,
    logger,
    clock: deps.clock,
    onSignal: crisisAlerts({ events, webhooks: deps.webhooks, store, phrases: deps.phrases, logger, windowMs: options.windowMs, staffChat: deps.staffChat }),
  });
  if (deps.detect && config.CRISIS_DETECT_INTERVAL_MS > 0) detector.start(config.CRISIS_DETECT_INTERVAL_MS);
  return {
    store,
    events,
    incidents,
    windowMs: options.windowMs,
    detector,
    async close() {
      await detector.stop();
      stopListening();
      await events.close();
    },
  };
}
