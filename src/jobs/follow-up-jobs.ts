// Starts the follow-up machinery in a process: the BullMQ worker that sends, the outbox relay
// that feeds it from the FollowUp table, and the planner of greetings and check-ins. The relay and
// the planner are job schedulers (scheduled-job.ts): one pass per interval across all the processes
// that run them, each taken by one of them. The app runs it in-process by default
// (JOBS_IN_PROCESS); `npm run worker` runs it alone, as many as needed.

import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { ConversationEvents } from '../conversation/events.ts';
import type { FollowUpRules } from '../domain/follow-ups/decide-follow-up.ts';
import { isQuietHour, nextAllowedTime } from '../domain/greetings/send-window.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import { connectRedis } from '../redis/connect-redis.ts';
import type { FollowUpSender, FollowUpStore, PlanningStore } from './follow-up-ports.ts';
import { bullPrefix, FOLLOW_UP_QUEUE, FollowUpQueue, type FollowUpJobData } from './follow-up-queue.ts';
import type { FollowUpPlanner, FollowUpPlannerOptions } from './follow-up-planner.ts';
import { FollowUpRunner, type FollowUpMetrics } from './follow-up-runner.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { RedisDeliveryReceipts } from './delivery-receipts.ts';
import { RedisRateLimiter } from './rate-limiter.ts';
import { connectJobRedis, startScheduledJob, type ScheduledJob } from './scheduled-job.ts';
import { settleBullmq } from './settle-bullmq.ts';

export const RELAY_QUEUE = 'follow-up-relay';
export const RELAY_SCHEDULER_ID = 'follow-up-relay';
export const PLANNER_QUEUE = 'follow-up-planner';
export const PLANNER_SCHEDULER_ID = 'follow-up-planner';

export type FollowUpJobsConfig = Pick<
  Config,
  | 'REDIS_PREFIX'
  | 'FOLLOWUP_RELAY_INTERVAL_MS'
  | 'FOLLOWUP_LOOKAHEAD_MS'
  | 'FOLLOWUP_BATCH_SIZE'
  | 'FOLLOWUP_CONCURRENCY'
  | 'FOLLOWUP_PARALLEL_SENDS'
  | 'FOLLOWUP_LEASE_MS'
  | 'FOLLOWUP_MAX_ATTEMPTS'
  | 'FOLLOWUP_RETRY_BASE_MS'
  | 'FOLLOWUP_JOB_LOCK_MS'
  | 'CALLBACK_GRACE_MS'
  | 'GREETING_HOURS'
  | 'QUIET_HOURS'
  | 'GREETING_HORIZON_DAYS'
  | 'GREETING_GIFT_CODE_A'
  | 'FOLLOWUP_PLAN_INTERVAL_MS'
  | 'OUTREACH_SILENT_MS'
  | 'CSAT_ASK_WITHIN_MS'
>;

export interface FollowUpJobsDeps {
  config: FollowUpJobsConfig;
  redisUrl: string;
  /** The app's main Redis connection (rate limits, relay marker). */
  redis: Redis;
  store: FollowUpStore & PlanningStore;
  sender: FollowUpSender;
  events: ConversationEvents;
  phrases: Phrasebook;
  logger: Logger;
  clock: () => Date;
  onQueued?: (conversationId: string) => Promise<void>;
  /** Only the relay and planner, no worker (e.g. an app instance beside `npm run worker`). Default: all three. */
  parts?: { worker?: boolean; relay?: boolean; planner?: boolean };
  /** Counts the follow-ups' outcomes (Prometheus); absent → not counted. */
  metrics?: FollowUpMetrics;
}

export interface FollowUpJobs {
  queue: FollowUpQueue;
  relay: OutboxRelay;
  /** Plans a pass now (the scheduled passes run it too, where this process plans). */
  planner: Pick<FollowUpPlanner, 'plan'>;
  runner: FollowUpRunner;
  close(): Promise<void>;
}

export function followUpRules(config: Pick<Config, 'GREETING_HOURS' | 'QUIET_HOURS' | 'GREETING_GIFT_CODE_A' | 'CSAT_ASK_WITHIN_MS'>): FollowUpRules {
  return {
    isQuiet: (at, timeZone) => isQuietHour(at, timeZone, config.QUIET_HOURS),
    nextAllowed: (at, timeZone) => nextAllowedTime(at, timeZone, config.GREETING_HOURS, config.QUIET_HOURS),
    ratingWithinMs: config.CSAT_ASK_WITHIN_MS,
    ...(config.GREETING_GIFT_CODE_A ? { giftCode: config.GREETING_GIFT_CODE_A } : {}),
  };
}

export async function startFollowUpJobs(deps: FollowUpJobsDeps): Promise<FollowUpJobs> {
  const { config, logger, clock } = deps;
  const parts = { worker: true, relay: true, planner: true, ...deps.parts };
  // BullMQ blocks on its connections and wants them to retry forever rather than fail a command.
  const queueConnection = connectRedis(deps.redisUrl, logger, 'jobs-queue', { maxRetriesPerRequest: null });
  const queue = new FollowUpQueue(queueConnection, config.REDIS_PREFIX);
  const runner = new FollowUpRunner({
    store: deps.store,
    sender: deps.sender,
    limiter: new RedisRateLimiter(deps.redis, config.REDIS_PREFIX),
    receipts: new RedisDeliveryReceipts(deps.redis, `${config.REDIS_PREFIX}followups:`),
    events: deps.events,
    phrases: deps.phrases,
    rules: followUpRules(config),
    logger,
    clock,
    leaseMs: config.FOLLOWUP_LEASE_MS,
    maxAttempts: config.FOLLOWUP_MAX_ATTEMPTS,
    retryBaseMs: config.FOLLOWUP_RETRY_BASE_MS,
    parallelSends: config.FOLLOWUP_PARALLEL_SENDS,
    ...(deps.onQueued ? { onQueued: deps.onQueued } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const relay = new OutboxRelay({
    store: deps.store,
    queue,
    events: deps.events,
    logger,
    clock,
    lookaheadMs: config.FOLLOWUP_LOOKAHEAD_MS,
    requeueAfterMs: Math.max(config.FOLLOWUP_LEASE_MS, config.FOLLOWUP_JOB_LOCK_MS) * 2,
    batchSize: config.FOLLOWUP_BATCH_SIZE,
    callbackGraceMs: config.CALLBACK_GRACE_MS,
    redis: deps.redis,
    ...(deps.onQueued ? { onQueued: deps.onQueued } : {}),
    markerKey: `${config.REDIS_PREFIX}jobs:alive`,
  });
  const planner = lazyPlanner({
    store: deps.store,
    logger,
    clock,
    horizonDays: config.GREETING_HORIZON_DAYS,
    window: config.GREETING_HOURS,
    quiet: config.QUIET_HOURS,
    silentMs: config.OUTREACH_SILENT_MS,
  });
  let worker: Worker<FollowUpJobData> | undefined;
  let workerConnection: Redis | undefined;
  if (parts.worker) {
    workerConnection = connectRedis(deps.redisUrl, logger, 'jobs-worker', { maxRetriesPerRequest: null });
    worker = new Worker<FollowUpJobData>(FOLLOW_UP_QUEUE, async (job) => runner.runBatch(job.data.ids), {
      connection: workerConnection,
      prefix: bullPrefix(config.REDIS_PREFIX),
      concurrency: config.FOLLOWUP_CONCURRENCY,
      lockDuration: config.FOLLOWUP_JOB_LOCK_MS,
      stalledInterval: config.FOLLOWUP_JOB_LOCK_MS,
      maxStalledCount: 10,
    });
    worker.on('failed', (job, err) => logger.warn({ err, jobId: job?.id, attempts: job?.attemptsMade }, 'follow-ups: a batch failed; BullMQ retries it'));
    worker.on('error', (err) => logger.warn({ err }, 'follow-ups: worker problem'));
  }
  const passes: ScheduledJob[] = [];
  if (parts.relay) {
    passes.push(
      startScheduledJob({
        connect: connectJobRedis(deps.redisUrl, logger),
        prefix: bullPrefix(config.REDIS_PREFIX),
        logger,
        queueName: RELAY_QUEUE,
        schedulerId: RELAY_SCHEDULER_ID,
        repeat: { everyMs: config.FOLLOWUP_RELAY_INTERVAL_MS },
        jobName: 'relay',
        keep: 20,
        // A relay that died mid-pass is taken over within seconds, not BullMQ's default minute.
        lockDurationMs: Math.max(5_000, 5 * config.FOLLOWUP_RELAY_INTERVAL_MS),
        stalledIntervalMs: Math.max(5_000, 5 * config.FOLLOWUP_RELAY_INTERVAL_MS),
        run: () => relay.tick(),
        describe: {
          declareFailed: 'follow-ups: could not declare the relay pass; it is declared again when Redis reconnects or a process that relays starts',
          runFailed: 'follow-ups: relay pass failed; the next one comes within the interval',
        },
      }),
    );
  }
  if (parts.planner) {
    passes.push(
      startScheduledJob({
        connect: connectJobRedis(deps.redisUrl, logger),
        prefix: bullPrefix(config.REDIS_PREFIX),
        logger,
        queueName: PLANNER_QUEUE,
        schedulerId: PLANNER_SCHEDULER_ID,
        repeat: { everyMs: config.FOLLOWUP_PLAN_INTERVAL_MS },
        jobName: 'plan',
        // Planning 100,000 customers takes a while; the job's lock is renewed meanwhile (BullMQ's 30 s).
        keep: 20,
        run: () => planner.plan(),
        describe: {
          declareFailed: 'follow-ups: could not declare the planning pass; it is declared again when Redis reconnects or a process that plans starts',
          runFailed: 'follow-ups: planning failed; will try again at the next interval',
        },
      }),
    );
  }
  logger.info({ worker: parts.worker, relay: parts.relay, planner: parts.planner }, 'follow-up jobs started');
  return {
    queue,
    relay,
    planner,
    runner,
    async close() {
      for (const pass of passes) await pass.close();
      await settleBullmq([queue.queue, worker]);
      await worker?.close();
      await queue.close();
      await Promise.all([queueConnection, workerConnection].map((c) => c?.quit().catch(() => c.disconnect())));
    },
  };
}

/**
 * The planner, its module loaded the first time it plans: with it come the festival calendars
 * (date-holidays holds every country's rules: ~8 MB of heap, ~20 MB resident with its date
 * libraries), which a process that only sends or relays never needs.
 */
function lazyPlanner(options: FollowUpPlannerOptions): Pick<FollowUpPlanner, 'plan'> {
  let planner: Promise<FollowUpPlanner> | undefined;
  return {
    async plan() {
      planner ??= import('./follow-up-planner.ts').then(
        ({ FollowUpPlanner }) => new FollowUpPlanner(options),
        (error: unknown) => {
          planner = undefined; // tried again at the next pass
          throw error;
        },
      );
      return (await planner).plan();
    },
  };
}
