// The BullMQ queue of follow-up batches. Jobs are derived from FollowUp rows (see outbox-relay.ts)
// and carry only row ids: losing or repeating a job costs nothing but a retry, because the row
// decides whether anything is still to be sent.

import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

export const FOLLOW_UP_QUEUE = 'follow-ups';

export interface FollowUpJobData {
  ids: string[];
}

export interface FollowUpBatch {
  ids: string[];
  /** The earliest due time in the batch: the job waits until then. */
  dueAt: Date;
  /** A batch of rows whose job was lost (Redis restart) or whose worker died. */
  repair: boolean;
}

const JOB_OPTIONS: JobsOptions = {
  // A batch fails only on a database or Redis fault; retried with backoff, then the relay repairs.
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ's key prefix under the service's REDIS_PREFIX, so deployments sharing a Redis stay apart. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

export class FollowUpQueue {
  readonly queue: Queue<FollowUpJobData>;

  constructor(connection: Redis, redisPrefix: string) {
    this.queue = new Queue<FollowUpJobData>(FOLLOW_UP_QUEUE, { connection, prefix: bullPrefix(redisPrefix) });
  }

  async enqueue(batches: readonly FollowUpBatch[], now: Date): Promise<void> {
    if (!batches.length) return;
    await this.queue.addBulk(
      batches.map((batch) => ({
        name: batch.repair ? 'repair' : 'deliver',
        data: { ids: batch.ids },
        opts: {
          ...JOB_OPTIONS,
          // Same rows at the same due time, same id: a relay that runs twice adds the job once. A row
          // due again later (a retry after a failed send, a delivery moved out of quiet hours) gets a
          // new id, as BullMQ ignores an id it still keeps (completed jobs stay an hour). Repairs
          // get a new id.
          jobId: batch.repair ? `fu-${batch.ids[0]}-r${now.getTime()}` : `fu-${batch.ids[0]}-${batch.dueAt.getTime()}`,
          delay: Math.max(0, batch.dueAt.getTime() - now.getTime()),
        },
      })),
    );
  }

  /**
   * When the job that has waited longest entered the wait list (added, or its delay over), or
   * undefined when no job waits. Workers take jobs in that order, so a job that entered before
   * this one has been taken already.
   */
  async oldestWaitingSince(): Promise<Date | undefined> {
    const [oldest] = await this.queue.getJobs(['wait'], 0, 0, true);
    return oldest ? new Date(oldest.timestamp + (oldest.delay ?? 0)) : undefined;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
