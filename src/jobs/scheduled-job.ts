// One piece of work on a schedule (a cron pattern or a fixed interval), as a BullMQ job scheduler:
// every process that runs the jobs declares the same scheduler (idempotent), so one job is made per
// tick however many processes there are, and one worker takes it — no lock of our own. Used by the
// retention sweep, the segment recomputation, the follow-up planner and the outbox relay.

import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { connectRedis } from '../redis/connect-redis.ts';
import { settleBullmq } from './settle-bullmq.ts';

const DECLARE_WAIT_ON_CLOSE_MS = 2_000;

/** What a scheduled job logs: declaring its schedule failed, a run failed, its worker had a problem. */
export interface ScheduledJobLog {
  warn(fields: { err: unknown; jobId?: string | undefined; attempts?: number | undefined }, message: string): void;
  error(fields: { err: unknown; jobId?: string | undefined; attempts?: number | undefined }, message: string): void;
}

export interface ScheduledJobSpec<R> {
  /** Opens the job's Redis connections (BullMQ wants them to retry forever: maxRetriesPerRequest null). */
  connect: (role: string) => Redis;
  /** BullMQ's key prefix: bullPrefix(REDIS_PREFIX) for the service's queues. */
  prefix: string;
  logger: ScheduledJobLog;
  /** Queue name; also names the Redis connections in the logs. */
  queueName: string;
  schedulerId: string;
  /**
   * A cron pattern in a time zone, or a run every `everyMs` (the first at once). A failed cron run is
   * retried with backoff; a failed interval run is not, as the next one comes within the interval.
   */
  repeat: { pattern: string; timeZone: string } | { everyMs: number };
  jobName: string;
  /** Finished and failed jobs kept for the dashboard. */
  keep: number;
  /**
   * How long a worker holds the job before BullMQ presumes it dead (renewed while it runs), and how
   * often workers look for such jobs; BullMQ's default 30 s each. A job whose worker died is run
   * again by another after at most the two together — and an interval's next run is declared by the
   * worker that takes the current one, so a worker killed at that moment holds the schedule up as long.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
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
  const connections: Redis[] = [spec.connect(`${queueName}-queue`)];
  const { prefix } = spec;
  const queue = new Queue(queueName, { connection: connections[0]!, prefix });
  const { repeat } = spec;
  const keep = { removeOnComplete: { count: spec.keep }, removeOnFail: { count: spec.keep } };
  const declare = (): Promise<void> =>
    ('everyMs' in repeat
      ? queue.upsertJobScheduler(spec.schedulerId, { every: repeat.everyMs }, { name: spec.jobName, opts: { attempts: 1, ...keep } })
      : queue.upsertJobScheduler(
          spec.schedulerId,
          { pattern: repeat.pattern, tz: repeat.timeZone },
          { name: spec.jobName, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...keep } },
        )
    ).then(
      () => undefined,
      (err: unknown) => logger.error({ err }, spec.describe.declareFailed),
    );
  // Not awaited: a Redis that is down at start must not hold the app's start up (BullMQ waits for it).
  const scheduled = declare();
  // A Redis that came back empty (restarted without persistence, a failover) lost the scheduler with
  // everything else: it is declared again on every reconnection (idempotent when it was kept).
  let connected = false;
  let closing = false;
  connections[0]!.on('ready', () => {
    if (connected && !closing) void declare();
    connected = true;
  });
  let worker: Worker<unknown, R> | undefined;
  if (spec.worker !== false) {
    const connection = spec.connect(`${queueName}-worker`);
    connections.push(connection);
    worker = new Worker<unknown, R>(queueName, async () => spec.run(), {
      connection,
      prefix,
      concurrency: 1,
      ...(spec.lockDurationMs ? { lockDuration: spec.lockDurationMs } : {}),
      ...(spec.stalledIntervalMs ? { stalledInterval: spec.stalledIntervalMs } : {}),
    });
    // An interval's failed run is followed by the next within the interval: a warning, not an error.
    const failedLevel = 'everyMs' in repeat ? 'warn' : 'error';
    worker.on('failed', (job, err) => logger[failedLevel]({ err, jobId: job?.id, attempts: job?.attemptsMade }, spec.describe.runFailed));
    worker.on('error', (err) => logger.warn({ err }, `${queueName}: worker problem`));
  }
  return {
    queue,
    scheduled,
    async close() {
      closing = true;
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

/** The `connect` of a service job: connections of its own to REDIS_URL, problems logged. */
export function connectJobRedis(redisUrl: string, logger: Logger): (role: string) => Redis {
  return (role) => connectRedis(redisUrl, logger, role, { maxRetriesPerRequest: null });
}
