// Starts outgoing webhooks in a process: the queue and the dispatcher that announces events
// everywhere events happen (app and job worker processes), and the BullMQ worker that delivers
// them wherever the follow-up worker runs (in the app by default, else `npm run worker`).

import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { bullPrefix } from '../jobs/follow-up-queue.ts';
import { connectRedis } from '../redis/connect-redis.ts';
import { RetryDelivery, WebhookDeliverer } from './webhook-deliverer.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import type { WebhookDeliveryStore, WebhookOutbox } from './webhook-ports.ts';
import { WEBHOOK_BACKOFF, WEBHOOK_QUEUE, WebhookQueue, type WebhookJobData } from './webhook-queue.ts';
import { retryDelayMs, type RetryPolicy } from './webhook-retry.ts';
import type { ResolveAll, TargetRules } from './webhook-target.ts';
import { settleBullmq } from '../jobs/settle-bullmq.ts';

export type WebhooksConfig = Pick<Config, 'REDIS_PREFIX' | 'WEBHOOKS_ALLOW_PRIVATE' | 'WEBHOOKS_MAX_ATTEMPTS' | 'WEBHOOKS_RETRY_BASE_MS' | 'WEBHOOKS_TIMEOUT_MS' | 'WEBHOOKS_CONCURRENCY'>;

export interface WebhooksDeps {
  config: WebhooksConfig;
  redisUrl: string;
  store: WebhookOutbox & WebhookDeliveryStore;
  logger: Logger;
  clock: () => Date;
  /** Deliver here (where the follow-up worker runs); false only announces. */
  worker: boolean;
  resolveAll?: ResolveAll;
}

export interface Webhooks {
  dispatcher: WebhookDispatcher;
  queue: WebhookQueue;
  rules: TargetRules;
  /** One pass of the sweep the delivering worker runs each minute (tests call it). */
  sweepOverdue(): Promise<number>;
  close(): Promise<void>;
}

/** How often the delivering worker looks for deliveries no job carries. */
const SWEEP_EVERY_MS = 60_000;
/** How long past its time a pending delivery must be before it counts as lost by the queue. */
const OVERDUE_AFTER_MS = 10 * 60_000;
const SWEEP_BATCH = 500;

/**
 * Queues again the pending deliveries that are well past their time: written while Redis was away,
 * or whose job failed outside an attempt. Returns how many; failures are logged, not thrown.
 */
async function sweepOverdue(store: WebhookDeliveryStore, queue: WebhookQueue, clock: () => Date, logger: Logger): Promise<number> {
  try {
    const overdue = await store.overdueDeliveries(new Date(clock().getTime() - OVERDUE_AFTER_MS), SWEEP_BATCH);
    await queue.requeue(overdue);
    if (overdue.length) logger.warn({ count: overdue.length }, 'webhooks: deliveries no job carried are queued again');
    return overdue.length;
  } catch (err) {
    logger.warn({ err }, 'webhooks: could not look for overdue deliveries');
    return 0;
  }
}

export function startWebhooks(deps: WebhooksDeps): Webhooks {
  const { config, logger, clock } = deps;
  const rules: TargetRules = { allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE };
  const retry: RetryPolicy = { maxAttempts: config.WEBHOOKS_MAX_ATTEMPTS, baseDelayMs: config.WEBHOOKS_RETRY_BASE_MS };
  // BullMQ blocks on its connections and wants them to retry forever rather than fail a command.
  const connections: Redis[] = [connectRedis(deps.redisUrl, logger, 'webhooks-queue', { maxRetriesPerRequest: null })];
  const queue = new WebhookQueue(connections[0]!, config.REDIS_PREFIX, retry.maxAttempts);
  const dispatcher = new WebhookDispatcher({ outbox: deps.store, queue, logger, clock });
  let worker: Worker<WebhookJobData> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  if (deps.worker) {
    const deliverer = new WebhookDeliverer({ store: deps.store, rules, retry, timeoutMs: config.WEBHOOKS_TIMEOUT_MS, logger, clock, ...(deps.resolveAll ? { resolveAll: deps.resolveAll } : {}) });
    const connection = connectRedis(deps.redisUrl, logger, 'webhooks-worker', { maxRetriesPerRequest: null });
    connections.push(connection);
    worker = new Worker<WebhookJobData>(WEBHOOK_QUEUE, async (job) => deliverer.attempt(job.data.deliveryId), {
      connection,
      prefix: bullPrefix(config.REDIS_PREFIX),
      concurrency: config.WEBHOOKS_CONCURRENCY,
      // Longer than a request may take, so a slow receiver does not make the job look stalled.
      lockDuration: Math.max(30_000, config.WEBHOOKS_TIMEOUT_MS * 3),
      settings: {
        // The attempt chose the wait (and wrote it on the row as the next retry); a fault before it
        // (the store away) waits as the attempt count says.
        backoffStrategy: (attemptsMade, type, err) => (type === WEBHOOK_BACKOFF && err instanceof RetryDelivery ? err.delayMs : retryDelayMs(attemptsMade, retry.baseDelayMs)),
      },
    });
    worker.on('failed', (job, err) => {
      if (!(err instanceof RetryDelivery)) logger.warn({ err, jobId: job?.id, attempts: job?.attemptsMade }, 'webhooks: a delivery job failed; BullMQ retries it');
    });
    worker.on('error', (err) => logger.warn({ err }, 'webhooks: worker problem'));
    sweeper = setInterval(() => void sweepOverdue(deps.store, queue, clock, logger), SWEEP_EVERY_MS);
    sweeper.unref();
  }
  return {
    dispatcher,
    queue,
    rules,
    sweepOverdue: () => sweepOverdue(deps.store, queue, clock, logger),
    async close() {
      clearInterval(sweeper);
      await dispatcher.flush();
      await settleBullmq([queue.queue, worker]);
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
