// The outbox relay: turns due FollowUp rows into queue jobs, then marks them queued. A crash
// between the two only means the rows are found again next time (the job id is the same, so
// BullMQ keeps one). Rows whose job went missing — Redis restarted empty, a worker died holding
// them — are queued again once they have been stuck long enough. It also watches callbacks that
// no one from staff took up in time. It runs as a job scheduler (follow-up-jobs.ts): one pass per
// FOLLOWUP_RELAY_INTERVAL_MS however many processes relay.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ConversationEvents } from '../conversation/events.ts';
import type { FollowUpStore } from './follow-up-ports.ts';
import type { FollowUpBatch, FollowUpQueue } from './follow-up-queue.ts';

/** Rows read per database round trip. */
const PAGE = 5000;
/** Rows due within this span of each other may share a job. */
const BATCH_SPAN_MS = 1000;
/** A missed callback rises this much in the queue. */
const MISSED_BOOST = 30;
/**
 * Missed callbacks are looked for at most this often (and at least every tenth of the grace): a
 * callback is late by minutes, not by one relay interval, and the search reads every sent row.
 */
const MISSED_CHECK_MAX_EVERY_MS = 30_000;
/**
 * "Any due time" after Redis lost its data. A four-digit year: the largest Date (year 275760) is
 * written "+275760-…", which PostgreSQL refuses and SQLite's text comparison puts before 2026.
 */
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

export interface OutboxRelayOptions {
  store: FollowUpStore;
  queue: FollowUpQueue;
  events: ConversationEvents;
  logger: Logger;
  clock: () => Date;
  lookaheadMs: number;
  /** A queued or held row untouched this long past its due time has lost its job. */
  requeueAfterMs: number;
  batchSize: number;
  callbackGraceMs: number;
  redis: Redis;
  /** A missed callback's conversation is back in the queue for anyone: route it. */
  onQueued?: (conversationId: string) => Promise<void>;
  /** Redis key of the marker that tells a Redis that lost its data. */
  markerKey: string;
}

export class OutboxRelay {
  /** Passes this process made (a pass may run in any process that relays). */
  private passes = 0;
  /** When missed callbacks were last looked for, on the relay's clock. */
  private missedCheckedAt = -Infinity;

  constructor(private readonly options: OutboxRelayOptions) {}

  /** One pass: every due row queued. Returns how many rows were relayed. */
  async tick(): Promise<number> {
    const { store, queue, clock, lookaheadMs, requeueAfterMs, batchSize, logger } = this.options;
    const started = clock();
    // Redis came back empty (restart without persistence, failover): every queued row lost its job.
    const redisLost = await this.redisLostItsData();
    if (redisLost && this.passes > 0) logger.warn('follow-ups: Redis has lost its data since the last pass; re-queuing every queued follow-up');
    else if (redisLost) logger.info('follow-ups: this Redis holds no queue of ours yet (new, or restarted empty); queuing every waiting follow-up');
    this.passes += 1;
    // A queued row's job may simply be waiting its turn behind a backlog (a festival's greetings
    // take minutes to send at a channel's pace): it is lost only if jobs relayed after it are being
    // taken already, i.e. it was due and relayed before the job that has waited longest.
    const waitingSince = redisLost ? undefined : await queue.oldestWaitingSince();
    let relayed = 0;
    for (;;) {
      const now = clock();
      const lostBefore = new Date(Math.min(now.getTime(), waitingSince?.getTime() ?? Infinity) - requeueAfterMs);
      const stuck = redisLost ? { dueBefore: FAR_FUTURE, touchedBefore: new Date(started.getTime() - 1) } : { dueBefore: lostBefore, touchedBefore: lostBefore };
      const due = await store.dueForRelay(now, lookaheadMs, stuck, PAGE);
      if (!due.length) break;
      const batches = toBatches(due, batchSize);
      await queue.enqueue(batches, now);
      await store.markQueued(
        due.filter((d) => !d.repair).map((d) => d.id),
        now,
      );
      const repaired = due.filter((d) => d.repair).map((d) => d.id);
      await store.markRequeued(repaired, now);
      if (repaired.length) logger.warn({ repaired: repaired.length }, 'follow-ups: re-queued rows whose job was lost or whose worker stopped');
      relayed += due.length;
      if (due.length < PAGE) break;
    }
    await this.watchMissedCallbacks();
    return relayed;
  }

  /** A marker key that lives as long as Redis keeps its data; its absence means the queue was lost too. */
  private async redisLostItsData(): Promise<boolean> {
    const created = await this.options.redis.set(this.options.markerKey, String(Date.now()), 'NX');
    return created === 'OK';
  }

  private async watchMissedCallbacks(): Promise<void> {
    const { store, events, logger, clock, callbackGraceMs } = this.options;
    const now = clock();
    if (now.getTime() - this.missedCheckedAt < Math.min(callbackGraceMs / 10, MISSED_CHECK_MAX_EVERY_MS)) return;
    this.missedCheckedAt = now.getTime();
    for (const missed of await store.findMissedCallbacks(now, callbackGraceMs, 100)) {
      if (!(await store.markMissed(missed.id, missed.conversationId, MISSED_BOOST, now))) continue;
      logger.warn({ followUpId: missed.id, conversationId: missed.conversationId, staffId: missed.staffId }, 'follow-ups: a callback was missed; escalated to whoever has room');
      await events
        .publish(missed.conversationId, { type: 'status', status: 'queued', previousStatus: 'queued', queueReason: 'callback_missed' })
        .catch((err: unknown) => logger.warn({ err }, 'follow-ups: could not announce a missed callback'));
      await this.options.onQueued?.(missed.conversationId).catch((err: unknown) => logger.warn({ err }, 'follow-ups: could not route a missed callback'));
    }
  }
}

/** Groups rows (ordered by due time) into jobs of at most `size` rows due within a second of each other. */
export function toBatches(due: readonly { id: string; dueAt: Date; repair: boolean }[], size: number): FollowUpBatch[] {
  const batches: FollowUpBatch[] = [];
  let current: FollowUpBatch | undefined;
  for (const row of due) {
    if (!current || current.ids.length >= size || current.repair !== row.repair || row.dueAt.getTime() - current.dueAt.getTime() > BATCH_SPAN_MS) {
      current = { ids: [], dueAt: row.dueAt, repair: row.repair };
      batches.push(current);
    }
    current.ids.push(row.id);
  }
  return batches;
}
