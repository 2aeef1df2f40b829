// Recomputes the customer segments on a schedule (SEGMENTS_RECOMPUTE_CRON in STAFF_TIMEZONE,
// nightly by default) as a scheduled job (scheduled-job.ts): one job per tick however many
// processes run the jobs, taken by one worker. The recomputation itself is a RecomputeSegments,
// callable without a queue.

import type { Logger } from 'pino';
import type { RecomputeSegments, SegmentRecomputeResult } from '../console/segments/segment-ports.ts';
import { bullPrefix } from './follow-up-queue.ts';
import { connectJobRedis, startScheduledJob, type ScheduledJob } from './scheduled-job.ts';

export const SEGMENTS_QUEUE = 'segments';
export const SEGMENTS_SCHEDULER_ID = 'segments-recompute';

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

export type SegmentJobs = ScheduledJob;

export function startSegmentJobs(deps: SegmentJobsDeps): SegmentJobs {
  return startScheduledJob<SegmentRecomputeResult | null>({
    connect: connectJobRedis(deps.redisUrl, deps.logger),
    prefix: bullPrefix(deps.redisPrefix),
    logger: deps.logger,
    queueName: SEGMENTS_QUEUE,
    schedulerId: SEGMENTS_SCHEDULER_ID,
    repeat: { pattern: deps.cron, timeZone: deps.timeZone },
    jobName: 'recompute',
    keep: 30,
    // A run over 100,000 customers takes a while; the lock is renewed meanwhile.
    lockDurationMs: 5 * 60_000,
    // A run already under way (an admin's, an import's) is waited for, then this one runs.
    run: () => deps.recompute({ trigger: 'schedule', wait: true }),
    describe: {
      declareFailed: 'segments: could not declare the scheduled recomputation; it is declared again when a process that runs the jobs starts',
      runFailed: 'segments: the scheduled recomputation failed; BullMQ retries it',
    },
    ...(deps.worker === undefined ? {} : { worker: deps.worker }),
  });
}
