// The BullMQ queue of webhook deliveries: one job per delivery row, its id the row's, carrying
// only that id; BullMQ retries a failed attempt after the backoff the attempt chose.

import { randomUUID } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix } from '../jobs/follow-up-queue.ts';

export const WEBHOOK_QUEUE = 'webhooks';
/** The backoff type whose delays the worker computes (see webhook-worker.ts). */
export const WEBHOOK_BACKOFF = 'webhook';

/** BullMQ attempts beyond the receiver's, for faults outside an attempt. */
const SPARE_ATTEMPTS = 5;

export interface WebhookJobData {
  deliveryId: string;
}

export class WebhookQueue {
  readonly queue: Queue<WebhookJobData>;

  constructor(
    connection: Redis,
    redisPrefix: string,
    private readonly maxAttempts: number,
  ) {
    this.queue = new Queue<WebhookJobData>(WEBHOOK_QUEUE, { connection, prefix: bullPrefix(redisPrefix) });
  }

  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    if (!deliveryIds.length) return;
    const opts = this.jobOptions();
    await this.queue.addBulk(deliveryIds.map((deliveryId) => ({ name: 'deliver', data: { deliveryId }, opts: { ...opts, jobId: deliveryId } })));
  }

  /**
   * Queues again deliveries no job carries any more. The job id names the attempt it is for, so a
   * sweep that runs twice (or on two workers) queues each attempt once.
   */
  async requeue(overdue: readonly { id: string; attempts: number }[]): Promise<void> {
    if (!overdue.length) return;
    const opts = this.jobOptions();
    await this.queue.addBulk(overdue.map(({ id, attempts }) => ({ name: 'deliver', data: { deliveryId: id }, opts: { ...opts, jobId: `${id}-again-${attempts}` } })));
  }

  /**
   * Queues a settled delivery an admin made pending again. BullMQ keeps finished jobs for a day and
   * ignores a job whose id it still holds, so each redelivery's job has an id of its own.
   */
  async enqueueAgain(deliveryId: string): Promise<void> {
    await this.queue.add('deliver', { deliveryId }, { ...this.jobOptions(), jobId: `${deliveryId}-redeliver-${randomUUID()}` });
  }

  private jobOptions(): JobsOptions {
    return {
      // The delivery's row counts the attempts at the receiver and says when to stop; the spare
      // ones let a fault outside an attempt (the store away for a moment) be tried again too.
      attempts: this.maxAttempts + SPARE_ATTEMPTS,
      backoff: { type: WEBHOOK_BACKOFF },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
