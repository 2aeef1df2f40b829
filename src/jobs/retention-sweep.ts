// Retention: messages older than RETENTION_DAYS_MESSAGES are anonymised (text replaced, NLU and
// buttons dropped; the rows stay for the counts) and audit entries older than
// RETENTION_DAYS_AUDIT are deleted, in batches so no statement holds the database for long.
// Messages of a conversation still open, or with a case still being worked, are never touched.

import type { Logger } from 'pino';

export interface RetentionStore {
  /**
   * Anonymises at most `limit` messages created before `before`, with an id above `afterId`, whose
   * conversation is closed and has no open case; returns the ids it changed, ascending.
   */
  anonymiseMessages(before: Date, afterId: number, limit: number): Promise<number[]>;
  /** Deletes at most `limit` of the oldest audit entries created before `before`; returns how many. */
  deleteAuditEntries(before: Date, limit: number): Promise<number>;
  /** Writes the 'retention.run' audit entry. */
  recordRun(report: RetentionReport, now: Date): Promise<void>;
}

export interface RetentionReport {
  messagesAnonymised: number;
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
  /** Rows per statement (default 500). */
  batchSize?: number;
}

const DAY_MS = 24 * 3600 * 1000;

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
    for (let afterId = 0; ; ) {
      const ids = await store.anonymiseMessages(messagesBefore, afterId, this.batchSize);
      messagesAnonymised += ids.length;
      if (ids.length < this.batchSize) break;
      afterId = ids[ids.length - 1]!;
    }
    let auditEntriesDeleted = 0;
    for (;;) {
      const deleted = await store.deleteAuditEntries(auditBefore, this.batchSize);
      auditEntriesDeleted += deleted;
      if (deleted < this.batchSize) break;
    }
    const report = { messagesAnonymised, auditEntriesDeleted, messagesBefore: messagesBefore.toISOString(), auditBefore: auditBefore.toISOString() };
    // After the deletions, so this run's own entry is never among them.
    await store.recordRun(report, now);
    logger.info(report, 'retention: old messages anonymised and old audit entries deleted');
    return report;
  }
}
