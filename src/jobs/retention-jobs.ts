// Runs the retention sweep once a day as a scheduled job (scheduled-job.ts): one job a day
// however many processes run the jobs, taken by one worker. The sweep itself is RetentionSweep,
// callable without a queue.

import type { Logger } from 'pino';
import type { RetentionReport, RetentionSweep } from './retention-sweep.ts';
import { bullPrefix } from './follow-up-queue.ts';
import { connectJobRedis, startScheduledJob, type ScheduledJob } from './scheduled-job.ts';

export const RETENTION_QUEUE = 'retention';
/** 03:17 local time: out of staff hours, and not on the hour when other cron jobs crowd in. */
const DAILY_AT = '17 3 * * *';

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

export type RetentionJobs = ScheduledJob;

export function startRetentionJobs(deps: RetentionJobsDeps): RetentionJobs {
  return startScheduledJob<RetentionReport>({
    connect: connectJobRedis(deps.redisUrl, deps.logger),
    prefix: bullPrefix(deps.redisPrefix),
    logger: deps.logger,
    queueName: RETENTION_QUEUE,
    schedulerId: 'retention-daily',
    repeat: { pattern: DAILY_AT, timeZone: deps.timeZone },
    jobName: 'sweep',
    keep: 60,
    run: () => deps.sweep.run(deps.clock()),
    describe: {
      declareFailed: 'retention: could not declare the daily sweep; it runs once a process that runs the jobs starts again',
      runFailed: 'retention: the daily sweep failed; BullMQ retries it',
    },
    ...(deps.worker === undefined ? {} : { worker: deps.worker }),
  });
}
