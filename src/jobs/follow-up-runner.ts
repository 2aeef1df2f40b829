// Runs a batch of due follow-ups: claims each row (so two workers, or one job delivered twice,
// never send the same follow-up), decides what it still makes sense to do, paces the send to the
// channel's limits, delivers, and records the send in the same transaction that marks the row
// sent. A send that fails is retried with backoff a bounded number of times.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ConversationEvents } from '../conversation/events.ts';
import { decideFollowUp, type FollowUpDecision, type FollowUpKind, type FollowUpRules } from '../domain/follow-ups/decide-follow-up.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import { DeliveryFailure, type ClaimedFollowUp, type FollowUpSender, type FollowUpStore, type SendContext, type SentRecord, type SentResult } from './follow-up-ports.ts';
import type { DeliveryReceipts } from './delivery-receipts.ts';
import { LeaseChecks } from './lease-checks.ts';
import type { RedisRateLimiter } from './rate-limiter.ts';

/** Tries to record a send that has left for its channel. */
const RECORD_ATTEMPTS = 3;
/** A staff task (a promised callback kept by a person, a key account manager's check-in) in the queue. */
const TASK_PRIORITY = 45;

export interface FollowUpRunnerDeps {
  store: FollowUpStore;
  sender: FollowUpSender;
  limiter: RedisRateLimiter;
  events: ConversationEvents;
  phrases: Phrasebook;
  rules: FollowUpRules;
  logger: Logger;
  clock: () => Date;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  parallelSends: number;
  /** Notes of sends that left for their channel (see delivery-receipts.ts). */
  receipts: DeliveryReceipts;
  /** A callback put the conversation in the staff queue: route it to someone. */
  onQueued?: (conversationId: string) => Promise<void>;
  /** Counts what became of each claimed follow-up (Prometheus); absent → not counted. */
  metrics?: FollowUpMetrics;
}

export type FollowUpOutcome = 'sent' | 'task' | 'cancelled' | 'deferred' | 'retry' | 'failed' | 'skipped' | 'error';

export interface FollowUpMetrics {
  /** `kind` is undefined when the row could not be read (its batch failed to load, or its customer is gone). */
  followUpDone(kind: FollowUpKind | undefined, outcome: FollowUpOutcome): void;
}

export class FollowUpRunner {
  /** Right before a send: is the row still ours, with enough lease left? */
  private readonly leaseChecks: LeaseChecks;

  constructor(private readonly deps: FollowUpRunnerDeps) {
    this.leaseChecks = new LeaseChecks((held, until) => deps.store.leasesHeld(held, until));
  }

  /** Runs the follow-ups of one job. Rows already sent, cancelled or held by another worker are skipped. */
  async runBatch(ids: readonly string[]): Promise<Record<FollowUpOutcome, number>> {
    const counts: Record<FollowUpOutcome, number> = { sent: 0, task: 0, cancelled: 0, deferred: 0, retry: 0, failed: 0, skipped: 0, error: 0 };
    const claimed = await this.deps.store.claim(ids, this.deps.clock(), this.deps.leaseMs);
    counts.skipped = ids.length - claimed.length;
    const inHand = new Map(claimed.map((item) => [item.id, item]));
    const stopRenewing = this.keepLeases(inHand);
    try {
      // What the decisions need, read for the whole batch at once: a few queries, not a few per row.
      const contexts = await this.deps.store.loadSendContexts(claimed.map((item) => item.id)).catch((error: unknown) => {
        this.deps.logger.error({ err: error, followUps: claimed.length }, 'follow-ups: could not load a batch');
        return undefined;
      });
      if (!contexts) {
        counts.error += claimed.length;
        for (let i = 0; i < claimed.length; i += 1) this.deps.metrics?.followUpDone(undefined, 'error');
      } else {
        await inParallel(claimed, this.deps.parallelSends, async (item) => {
          try {
            const context = contexts.get(item.id);
            const outcome = await this.runOne(item, context);
            counts[outcome] += 1;
            this.deps.metrics?.followUpDone(context?.followUp.kind, outcome);
          } finally {
            inHand.delete(item.id);
          }
        });
      }
    } finally {
      stopRenewing();
    }
    // A database fault leaves the row held; once its lease ends the relay queues it again.
    if (counts.error) throw new Error(`${counts.error} of ${ids.length} follow-ups hit an error; they will be retried`);
    return counts;
  }

  /**
   * While a batch runs, renews the lease of the rows it has not got to yet: waiting for send slots
   * (a paced channel, a big batch) may take longer than one lease, and a row whose lease ran out
   * is handed to another worker. A worker that dies stops renewing, and its rows come back.
   */
  private keepLeases(inHand: ReadonlyMap<string, ClaimedFollowUp>): () => void {
    const { store, clock, leaseMs, logger } = this.deps;
    let renewing = false;
    const timer = setInterval(
      () => {
        if (renewing || !inHand.size) return;
        renewing = true;
        void store
          .renewLeases([...inHand.values()], new Date(clock().getTime() + leaseMs))
          .catch((err: unknown) => logger.warn({ err }, 'follow-ups: could not renew leases; another worker may take these rows over'))
          .finally(() => (renewing = false));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    return () => clearInterval(timer);
  }

  private async runOne(item: ClaimedFollowUp, context: SendContext | undefined): Promise<FollowUpOutcome> {
    const { store, logger, clock } = this.deps;
    try {
      if (!context) {
        await store.finish(item, 'cancelled', 'its customer no longer exists', clock());
        return 'cancelled';
      }
      return await this.carryOut(item, context, this.decide(context));
    } catch (error) {
      logger.error({ err: error, followUpId: item.id }, 'follow-up: could not run');
      return 'error';
    }
  }

  private decide(context: SendContext): FollowUpDecision {
    const { followUp, customer, caseInfo, commitment, target, takenUpSince, withPeople } = context;
    return decideFollowUp(
      {
        kind: followUp.kind,
        followUpId: followUp.id,
        payload: followUp.payload,
        customer,
        caseInfo,
        commitment,
        reachable: target !== null,
        takenUpSince,
        withPeople,
        staffId: followUp.staffId,
      },
      this.deps.clock(),
      this.deps.phrases,
      this.deps.rules,
    );
  }

  private async carryOut(item: ClaimedFollowUp, context: SendContext, decision: FollowUpDecision): Promise<FollowUpOutcome> {
    const { store, logger } = this.deps;
    const now = this.deps.clock();
    const { followUp } = context;
    switch (decision.action) {
      case 'cancel':
        await store.finish(item, 'cancelled', decision.reason, now, decision.rating);
        logger.info({ followUpId: followUp.id, kind: followUp.kind, reason: decision.reason }, 'follow-up cancelled');
        return 'cancelled';
      case 'defer':
        await store.reschedule(item, decision.until, decision.reason, now);
        return 'deferred';
      case 'task': {
        const queuedId = await store.recordTask(
          followUp.id,
          { summary: decision.summary, target: context.target, queue: { reason: 'followup_task', priority: TASK_PRIORITY, staffId: followUp.staffId } },
          now,
        );
        if (queuedId) {
          await this.deps.events
            .publish(queuedId, { type: 'status', status: 'queued', previousStatus: 'bot', priority: TASK_PRIORITY, queueReason: 'followup_task' })
            .catch((err: unknown) => logger.warn({ err, followUpId: followUp.id }, 'follow-up: could not announce a task'));
          await this.deps.onQueued?.(queuedId);
        } else logger.warn({ followUpId: followUp.id, kind: followUp.kind }, 'follow-up task recorded, but the customer has no conversation to put in the queue');
        return 'task';
      }
      case 'send':
        return this.send(item, context, decision);
    }
  }

  private async send(item: ClaimedFollowUp, context: SendContext, decision: Extract<FollowUpDecision, { action: 'send' }>): Promise<FollowUpOutcome> {
    const { store, sender, limiter, events, logger, clock } = this.deps;
    const { followUp } = context;
    const target = context.target!; // decideFollowUp sends only to a reachable customer
    const key = `followup:${followUp.id}`;
    const message = { text: decision.text, ...(decision.choices ? { choices: decision.choices } : {}) };
    if (!sender.deliversOnRecord(target.channel)) {
      // A worker that stopped mid-send may have got the message out: our receipt says so, or the
      // channel when it can tell.
      const alreadyThere = item.resumed ? (await this.deps.receipts.has(key)) || (await sender.wasDelivered(target, key)) === true : false;
      if (!alreadyThere) {
        try {
          const wait = await limiter.reserve(sender.limits(target));
          // Still ours, now that it has a send slot? If the lease ran out and another worker took the
          // row, that worker sends it; if the customer's data was erased meanwhile, the row is
          // cancelled. Asked as the slot is handed out, before the last few ms' wait for it: the
          // sends of one booking ask together, in one read (see lease-checks.ts). The lease must
          // cover the wait and the send: the read shows it does (the batch renews its leases every
          // third of one), else it is renewed here. A write per send would take SQLite's write lock
          // once more per message, across processes.
          const now = clock().getTime();
          const held =
            (await this.leaseChecks.holds(item, new Date(now + Math.max(0, wait) + this.deps.leaseMs / 2))) ||
            (await store.renewLeases([item], new Date(now + Math.max(0, wait) + this.deps.leaseMs))).length > 0;
          if (!held) {
            logger.info({ followUpId: followUp.id }, 'follow-up: lease lost while waiting to send; another worker has it');
            return 'skipped';
          }
          if (wait > 0) await sleep(wait);
          await sender.send(target, message, key);
          await this.deps.receipts.mark(key).catch((err: unknown) => logger.warn({ err, followUpId: followUp.id }, 'follow-up: could not note the delivery in Redis'));
        } catch (error) {
          if (!(error instanceof DeliveryFailure)) throw error;
          return this.failed(item, error);
        }
      }
    }
    const result = await this.recordWithRetries({
      followUpId: followUp.id,
      target,
      ...message,
      ...(decision.flowPatch ? { flowPatch: decision.flowPatch } : {}),
      ...(decision.queue ? { queue: decision.queue } : {}),
      contact: { kind: followUp.kind, summary: decision.summary },
      now: clock(),
    });
    if (!result.fresh) return 'sent';
    try {
      await events.publish(
        result.conversationId,
        { type: 'message', message: result.message },
        ...(decision.queue && result.status === 'queued'
          ? [{ type: 'status' as const, status: result.status, previousStatus: result.previousStatus, priority: decision.queue.priority, queueReason: decision.queue.reason }]
          : []),
      );
    } catch (error) {
      logger.warn({ err: error, followUpId: followUp.id }, 'follow-up: could not publish the live event (the message is stored)');
    }
    if (decision.queue && result.status === 'queued') await this.deps.onQueued?.(result.conversationId);
    logger.debug({ followUpId: followUp.id, kind: followUp.kind, channel: target.channel }, 'follow-up sent');
    return 'sent';
  }

  /**
   * The message is out: recording it must not fail for a passing reason (a conversation opened by
   * the customer at the same moment, a brief database hiccup), so it is tried a few times while the
   * row is still ours. If it still fails, the receipt in Redis keeps the next worker from resending.
   */
  private async recordWithRetries(sent: SentRecord): Promise<SentResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.store.recordSent({ ...sent, now: this.deps.clock() });
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) throw error;
        this.deps.logger.warn({ err: error, followUpId: sent.followUpId, attempt }, 'follow-up: recording a send failed; trying again');
        await sleep(200 * attempt);
      }
    }
  }

  /** Unreachable for good, or out of tries: failed. Otherwise back to the schedule after a backoff. */
  private async failed(item: ClaimedFollowUp, error: DeliveryFailure): Promise<FollowUpOutcome> {
    const { store, logger, clock, maxAttempts, retryBaseMs } = this.deps;
    const now = clock();
    if (error.permanent || item.attempts >= maxAttempts) {
      await store.finish(item, 'failed', error.message, now);
      logger.warn({ followUpId: item.id, attempts: item.attempts, reason: error.message }, 'follow-up failed for good');
      return 'failed';
    }
    const backoff = retryBaseMs * 2 ** (item.attempts - 1);
    await store.reschedule(item, new Date(now.getTime() + backoff), error.message, now);
    logger.info({ followUpId: item.id, attempts: item.attempts, retryInMs: backoff, reason: error.message }, 'follow-up send failed; will retry');
    return 'retry';
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
