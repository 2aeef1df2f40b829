// Retention: messages older than RETENTION_DAYS_MESSAGES are anonymised (text replaced, NLU and
// buttons dropped; the rows stay for the counts) and the complaint keywords taken from their words
// go with them (the crisis baseline needs only weeks), as do settled webhook deliveries (their
// bodies name customers and conversations) and the comments of chat ratings; audit entries older than
// RETENTION_DAYS_AUDIT are deleted, in batches so no statement holds the database for long.
// Messages of a conversation still open, or with a case still being worked, are never touched.
// The same daily run settles chat ratings never answered: 'asked' becomes 'expired' once the
// question has had CSAT_ASK_WITHIN_MS to go out and a day more to be answered, so the figures can
// tell a rating no one gave from one still to come (a later answer is still recorded).

import type { Logger } from 'pino';
import { RATING_QUESTION_OPEN_MS } from '../domain/flow/chat-rating.ts';

export interface RetentionStore {
  /**
   * Anonymises at most `limit` messages created before `before`, with an id above `afterId`, whose
   * conversation is closed and has no open case; returns the ids it changed, ascending.
   */
  anonymiseMessages(before: Date, afterId: number, limit: number): Promise<number[]>;
  /** Deletes at most `limit` complaint keywords (words of a customer's message) recorded before `before`; returns how many. */
  deleteCaseKeywords(before: Date, limit: number): Promise<number>;
  /** Deletes at most `limit` webhook deliveries settled (delivered or failed) before `before`; returns how many. */
  deleteWebhookDeliveries(before: Date, limit: number): Promise<number>;
  /** Clears at most `limit` chat rating comments (the customer's words) answered before `before`; returns how many. */
  clearRatingComments(before: Date, limit: number): Promise<number>;
  /** Marks 'expired' every chat rating still 'asked' whose chat ended before `askedBefore`; returns how many. */
  expireUnansweredRatings(askedBefore: Date): Promise<number>;
  /** Deletes at most `limit` of the oldest audit entries created before `before`; returns how many. */
  deleteAuditEntries(before: Date, limit: number): Promise<number>;
  /** Writes the 'retention.run' audit entry. */
  recordRun(report: RetentionReport, now: Date): Promise<void>;
}

export interface RetentionReport {
  messagesAnonymised: number;
  caseKeywordsDeleted: number;
  webhookDeliveriesDeleted: number;
  ratingCommentsCleared: number;
  ratingsExpired: number;
  auditEntriesDeleted: number;
  /** The cut-offs used: messages and audit entries created before these went. */
  messagesBefore: string;
  auditBefore: string;
}

export interface RetentionSweepOptions {
  store: RetentionStore;
  logger: Logger;
  messageDays: number;
  auditDays: number;
  /** CSAT_ASK_WITHIN_MS: how long after a chat its rating question may still go out. */
  ratingAskWithinMs: number;
  /** Rows per statement (default 500). */
  batchSize?: number;
}

const DAY_MS = 24 * 3600 * 1000;
/**
 * How long a customer has to answer a rating question once it may have gone out; then it is
 * expired. The same window the conversation keeps the question open for, so 'expired' is final.
 */
export const RATING_ANSWER_WINDOW_MS = RATING_QUESTION_OPEN_MS;

export class RetentionSweep {
  private readonly batchSize: number;

  constructor(private readonly options: RetentionSweepOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** One sweep as of `now`; safe to run twice (what is done is skipped). */
  async run(now: Date): Promise<RetentionReport> {
    const { store, logger } = this.options;
    const messagesBefore = new Date(now.getTime() - this.options.messageDays * DAY_MS);
    const auditBefore = new Date(now.getTime() - this.options.auditDays * DAY_MS);
    let messagesAnonymised = 0;
    for (let afterId = 0; ;) {
      const ids = await store.anonymiseMessages(messagesBefore, afterId, this.batchSize);
      messagesAnonymised += ids.length;
      if (ids.length < this.batchSize) break;
      afterId = ids[ids.length - 1]!;
    }
    const caseKeywordsDeleted = await this.inBatches((limit) => store.deleteCaseKeywords(messagesBefore, limit));
    const webhookDeliveriesDeleted = await this.inBatches((limit) => store.deleteWebhookDeliveries(messagesBefore, limit));
    const ratingCommentsCleared = await this.inBatches((limit) => store.clearRatingComments(messagesBefore, limit));
    // One statement: a day's unanswered ratings at most, as the sweep runs daily.
    const ratingsExpired = await store.expireUnansweredRatings(new Date(now.getTime() - this.options.ratingAskWithinMs - RATING_ANSWER_WINDOW_MS));
    const auditEntriesDeleted = await this.inBatches((limit) => store.deleteAuditEntries(auditBefore, limit));
    const report = {
      messagesAnonymised,
      caseKeywordsDeleted,
      webhookDeliveriesDeleted,
      ratingCommentsCleared,
      ratingsExpired,
      auditEntriesDeleted,
      messagesBefore: messagesBefore.toISOString(),
      auditBefore: auditBefore.toISOString(),
    };
    // After the deletions, so this run's own entry is never among them.
    await store.recordRun(report, now);
    logger.info(report, 'retention: old messages anonymised and old audit entries deleted');
    return report;
  }

  private async inBatches(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch(this.batchSize);
      total += deleted;
      if (deleted < this.batchSize) return total;
    }
  }
}
