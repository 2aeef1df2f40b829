// One piece of work on a cron schedule, as a BullMQ job scheduler: every process that runs the
// jobs declares the same scheduler (idempotent), so one job is made per tick however many
// processes there are, and one worker takes it. Used by the retention sweep and the segment
// recomputation.

import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { connectRedis } from '../redis/connect-redis.ts';
import { bullPrefix } from './follow-up-queue.ts';
import { settleBullmq } from './settle-bullmq.ts';

const DECLARE_WAIT_ON_CLOSE_MS = 2_000;

export interface ScheduledJobSpec<R> {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  /** Queue name; also names the Redis connections in the logs. */
  queueName: string;
  schedulerId: string;
  /** Cron pattern, in `timeZone`. */
  pattern: string;
  timeZone: string;
  jobName: string;
  /** Finished and failed jobs kept for the dashboard. */
  keep: number;
  /** How long a worker holds the job before BullMQ presumes it dead (renewed while it runs). */
  lockDurationMs?: number;
  run: () => Promise<R>;
  /** What the logs say when declaring the schedule or a run fails. */
  describe: { declareFailed: string; runFailed: string };
  /** Take the scheduled job here (default true); false only declares the schedule. */
  worker?: boolean;
}

export interface ScheduledJob {
  queue: Queue;
  /** Settles once the schedule is declared (or declaring it failed, which is logged). */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

export function startScheduledJob<R>(spec: ScheduledJobSpec<R>): ScheduledJob {
  const { logger, queueName } = spec;
  const connections: Redis[] = [connectRedis(spec.redisUrl, logger, `${queueName}-queue`, { maxRetriesPerRequest: null })];
  const prefix = bullPrefix(spec.redisPrefix);
  const queue = new Queue(queueName, { connection: connections[0]!, prefix });
  // Not awaited: a Redis that is down at start must not hold the app's start up (BullMQ waits for it).
  const scheduled = queue
    .upsertJobScheduler(
      spec.schedulerId,
      { pattern: spec.pattern, tz: spec.timeZone },
      { name: spec.jobName, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: spec.keep }, removeOnFail: { count: spec.keep } } },
    )
    .then(
      () => undefined,
      (err: unknown) => logger.error({ err }, spec.describe.declareFailed),
    );
  let worker: Worker<unknown, R> | undefined;
  if (spec.worker !== false) {
    const connection = connectRedis(spec.redisUrl, logger, `${queueName}-worker`, { maxRetriesPerRequest: null });
    connections.push(connection);
    worker = new Worker<unknown, R>(queueName, async () => spec.run(), { connection, prefix, concurrency: 1, ...(spec.lockDurationMs ? { lockDuration: spec.lockDurationMs } : {}) });
    worker.on('failed', (job, err) => logger.error({ err, jobId: job?.id, attempts: job?.attemptsMade }, spec.describe.runFailed));
    worker.on('error', (err) => logger.warn({ err }, `${queueName}: worker problem`));
  }
  return {
    queue,
    scheduled,
    async close() {
      // A process closed right after it started lets the declaration finish first (closing the
      // queue under it fails it); a Redis that is away does not hold the close up for long.
      await Promise.race([scheduled, new Promise((resolve) => setTimeout(resolve, DECLARE_WAIT_ON_CLOSE_MS).unref())]);
      await settleBullmq([queue, worker]);
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
