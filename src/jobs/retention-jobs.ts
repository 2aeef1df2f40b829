// Runs the retention sweep once a day as a BullMQ job scheduler: every process that runs the jobs
// declares the same scheduler (idempotent), so one job a day is made however many there are, and
// one worker takes it. The sweep itself is RetentionSweep, callable without a queue.

import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { connectRedis } from '../redis/connect-redis.ts';
import { bullPrefix } from './follow-up-queue.ts';
import type { RetentionReport, RetentionSweep } from './retention-sweep.ts';

export const RETENTION_QUEUE = 'retention';
const SCHEDULER_ID = 'retention-daily';
/** 03:17 local time: out of staff hours, and not on the hour when other cron jobs crowd in. */
const DAILY_AT = '17 3 * * *';
const DECLARE_WAIT_ON_CLOSE_MS = 2_000;

export interface RetentionJobsDeps {
  redisUrl: string;
  redisPrefix: string;
  sweep: RetentionSweep;
  logger: Logger;
  clock: () => Date;
  /** Whose night the sweep runs in (STAFF_TIMEZONE). */
  timeZone: string;
  /** Take the daily job here (default true); false only declares the schedule. */
  worker?: boolean;
}

export interface RetentionJobs {
  queue: Queue;
  /** Settles once the daily schedule is declared (or declaring it failed, which is logged). */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

export function startRetentionJobs(deps: RetentionJobsDeps): RetentionJobs {
  const { logger } = deps;
  const connections: Redis[] = [connectRedis(deps.redisUrl, logger, 'retention-queue', { maxRetriesPerRequest: null })];
  const prefix = bullPrefix(deps.redisPrefix);
  const queue = new Queue(RETENTION_QUEUE, { connection: connections[0]!, prefix });
  // Not awaited: a Redis that is down at start must not hold the app's start up (BullMQ waits for it).
  const scheduled = queue
    .upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: DAILY_AT, tz: deps.timeZone },
      { name: 'sweep', opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 60 }, removeOnFail: { count: 60 } } },
    )
    .then(
      () => undefined,
      (err: unknown) => logger.error({ err }, 'retention: could not declare the daily sweep; it runs once a process that runs the jobs starts again'),
    );
  let worker: Worker<unknown, RetentionReport> | undefined;
  if (deps.worker !== false) {
    const connection = connectRedis(deps.redisUrl, logger, 'retention-worker', { maxRetriesPerRequest: null });
    connections.push(connection);
    worker = new Worker<unknown, RetentionReport>(RETENTION_QUEUE, async () => deps.sweep.run(deps.clock()), { connection, prefix, concurrency: 1 });
    worker.on('failed', (job, err) => logger.error({ err, jobId: job?.id, attempts: job?.attemptsMade }, 'retention: the daily sweep failed; BullMQ retries it'));
    worker.on('error', (err) => logger.warn({ err }, 'retention: worker problem'));
  }
  return {
    queue,
    scheduled,
    async close() {
      // A process closed right after it started lets the declaration finish first (closing the
      // queue under it fails it); a Redis that is away does not hold the close up for long.
      await Promise.race([scheduled, new Promise((resolve) => setTimeout(resolve, DECLARE_WAIT_ON_CLOSE_MS).unref())]);
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
