// Starts the SLA timers in a process: the live breach events (apps pass them to their consoles)
// and, where the follow-up planner runs, the pass every SLA_CHECK_INTERVAL_MS that marks breaches,
// alerts the supervisors and tells customers whose promised wait passed.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { OutboundDelivery } from '../conversation/outbound-delivery.ts';
import type { ConversationStore } from '../conversation/ports.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import type { SlaRules } from '../domain/sla/sla-rules.ts';
import type { StaffHours } from '../domain/staff-hours.ts';
import type { Tier } from '../domain/types.ts';
import { SqlSlaStore } from '../store/sla-store.ts';
import type { SqlDriver } from '../store/sql/sql-driver.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';
import { delayNotices, slaBreachAlerts, type SlaMetrics } from './sla-alerts.ts';
import { SlaEvents } from './sla-events.ts';
import { SlaMonitor } from './sla-monitor.ts';

export interface SlaDeps {
  config: Pick<Config, 'REDIS_PREFIX' | 'SLA_CHECK_INTERVAL_MS'>;
  rules: SlaRules;
  hours: StaffHours;
  /** The wait promised at the handoff per tier (policy handoffWaitMinutes). */
  promisedMinutes: Record<Tier, number>;
  sql: SqlDriver;
  redis: Redis;
  /** The app's subscriber connection; absent in a process that only publishes (the worker). */
  subscriber?: Redis;
  webhooks: WebhookEvents;
  phrases: Phrasebook;
  /** Delivers the delay notice on the customer's channel (the console's delivery). */
  delivery: OutboundDelivery;
  conversations: Pick<ConversationStore, 'loadConversation'>;
  logger: Logger;
  clock: () => Date;
  staffChat?: ((text: string) => Promise<void>) | undefined;
  metrics?: SlaMetrics | undefined;
  /** Run the pass here (where the follow-up planner runs). */
  check: boolean;
}

/** What the console uses: the targets and hours for the timers it shows, the breach events for its live stream. */
export interface SlaServices {
  rules: SlaRules;
  hours: StaffHours;
  events: SlaEvents;
}

export interface Sla extends SlaServices {
  monitor: SlaMonitor;
  /** Starts the passes (when `check` and an interval are set): once the channels the delay notices go out on are attached. */
  startChecking(): void;
  close(): Promise<void>;
}

export async function startSla(deps: SlaDeps): Promise<Sla> {
  const { config, logger } = deps;
  const events = new SlaEvents(deps.redis, deps.subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad sla event'));
  if (deps.subscriber) await events.start();
  const monitor = new SlaMonitor({
    store: new SqlSlaStore(deps.sql),
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    rules: deps.rules,
    hours: deps.hours,
    promisedMinutes: deps.promisedMinutes,
    logger,
    clock: deps.clock,
    onBreach: slaBreachAlerts({ events, webhooks: deps.webhooks, phrases: deps.phrases, logger, staffChat: deps.staffChat, metrics: deps.metrics }),
    tellDelay: delayNotices({ conversations: deps.conversations, delivery: deps.delivery, phrases: deps.phrases, logger }),
  });
  return {
    rules: deps.rules,
    hours: deps.hours,
    events,
    monitor,
    startChecking() {
      if (deps.check && config.SLA_CHECK_INTERVAL_MS > 0) monitor.start(config.SLA_CHECK_INTERVAL_MS);
    },
    async close() {
      await monitor.stop();
      await events.close();
    },
  };
}
