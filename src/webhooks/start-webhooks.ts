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
  close(): Promise<void>;
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
  }
  return {
    dispatcher,
    queue,
    rules,
    async close() {
      await dispatcher.flush();
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
