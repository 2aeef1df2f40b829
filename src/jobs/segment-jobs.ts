// Recomputes the customer segments on a schedule (SEGMENTS_RECOMPUTE_CRON in STAFF_TIMEZONE,
// nightly by default) as a BullMQ job scheduler: every process that runs the jobs declares the
// same scheduler (idempotent), so one job is made per tick however many there are, and one worker
// takes it. The recomputation itself is a RecomputeSegments, callable without a queue.

import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RecomputeSegments, SegmentRecomputeResult } from '../console/segments/segment-ports.ts';
import { connectRedis } from '../redis/connect-redis.ts';
import { bullPrefix } from './follow-up-queue.ts';

export const SEGMENTS_QUEUE = 'segments';
export const SEGMENTS_SCHEDULER_ID = 'segments-recompute';
const DECLARE_WAIT_ON_CLOSE_MS = 2_000;

export interface SegmentJobsDeps {
  redisUrl: string;
  redisPrefix: string;
  recompute: RecomputeSegments;
  logger: Logger;
  /** SEGMENTS_RECOMPUTE_CRON */
  cron: string;
  /** Whose night the cron means (STAFF_TIMEZONE). */
  timeZone: string;
  /** Take the scheduled job here (default true); false only declares the schedule. */
  worker?: boolean;
}

export interface SegmentJobs {
  queue: Queue;
  /** Settles once the schedule is declared (or declaring it failed, which is logged). */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

export function startSegmentJobs(deps: SegmentJobsDeps): SegmentJobs {
  const { logger } = deps;
  const connections: Redis[] = [connectRedis(deps.redisUrl, logger, 'segments-queue', { maxRetriesPerRequest: null })];
  const prefix = bullPrefix(deps.redisPrefix);
  const queue = new Queue(SEGMENTS_QUEUE, { connection: connections[0]!, prefix });
  // Not awaited: a Redis that is down at start must not hold the app's start up (BullMQ waits for it).
  const scheduled = queue
    .upsertJobScheduler(
      SEGMENTS_SCHEDULER_ID,
      { pattern: deps.cron, tz: deps.timeZone },
      { name: 'recompute', opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } } },
    )
    .then(
      () => undefined,
      (err: unknown) => logger.error({ err }, 'segments: could not declare the scheduled recomputation; it is declared again when a process that runs the jobs starts'),
    );
  let worker: Worker<unknown, SegmentRecomputeResult | null> | undefined;
  if (deps.worker !== false) {
    const connection = connectRedis(deps.redisUrl, logger, 'segments-worker', { maxRetriesPerRequest: null });
    connections.push(connection);
    // A run already under way (an admin's, an import's) is waited for, then this one runs.
    worker = new Worker<unknown, SegmentRecomputeResult | null>(SEGMENTS_QUEUE, async () => deps.recompute({ trigger: 'schedule', wait: true }), {
      connection,
      prefix,
      concurrency: 1,
      // A run over 100,000 customers takes a while; the lock is renewed meanwhile.
      lockDuration: 5 * 60_000,
    });
    worker.on('failed', (job, err) => logger.error({ err, jobId: job?.id, attempts: job?.attemptsMade }, 'segments: the scheduled recomputation failed; BullMQ retries it'));
    worker.on('error', (err) => logger.warn({ err }, 'segments: worker problem'));
  }
  return {
    queue,
    scheduled,
    async close() {
      await Promise.race([scheduled, new Promise((resolve) => setTimeout(resolve, DECLARE_WAIT_ON_CLOSE_MS).unref())]);
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
