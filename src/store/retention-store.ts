// The retention sweep's statements (see jobs/retention-sweep.ts), one batch each, in SQL valid for
// SQLite and PostgreSQL alike.

import { ERASED_TEXT, EXPIRED_TEXT } from '../domain/redaction.ts';
import type { RetentionReport, RetentionStore } from '../jobs/retention-sweep.ts';
import { insertSystemAudit } from './sql/common-rows.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Case statuses still being worked on: their conversation's messages are kept. */
const CASE_DONE = "('closed', 'fulfilled')";

export class SqlRetentionStore implements RetentionStore {
  constructor(private readonly sql: SqlDriver) {}

  async anonymiseMessages(before: Date, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.sql.query<{ id: number }>(
      `UPDATE "Message" SET "text" = ?, "nlu" = NULL, "choices" = NULL
        WHERE "id" IN (
          SELECT m."id" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
           WHERE m."createdAt" < ? AND m."id" > ? AND m."text" <> ? AND m."text" <> ? AND c."status" = 'closed'
             AND NOT EXISTS (SELECT 1 FROM "Case" k WHERE k."conversationId" = c."id" AND k."status" NOT IN ${CASE_DONE})
           ORDER BY m."id" LIMIT ?)
        RETURNING "id"`,
      [EXPIRED_TEXT, before, afterId, EXPIRED_TEXT, ERASED_TEXT, limit],
    );
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  async deleteCaseKeywords(before: Date, limit: number): Promise<number> {
    return this.sql.execute('DELETE FROM "CaseKeyword" WHERE ("caseId", "keyword") IN (SELECT "caseId", "keyword" FROM "CaseKeyword" WHERE "createdAt" < ? ORDER BY "createdAt" LIMIT ?)', [
      before,
      limit,
    ]);
  }

  async deleteWebhookDeliveries(before: Date, limit: number): Promise<number> {
    return this.sql.execute(
      `DELETE FROM "WebhookDelivery" WHERE "id" IN (
         SELECT "id" FROM "WebhookDelivery" WHERE "status" IN ('delivered', 'failed') AND "updatedAt" < ? ORDER BY "updatedAt" LIMIT ?)`,
      [before, limit],
    );
  }

  async clearRatingComments(before: Date, limit: number): Promise<number> {
    return this.sql.execute('UPDATE "ChatRating" SET "comment" = NULL WHERE "id" IN (SELECT "id" FROM "ChatRating" WHERE "comment" IS NOT NULL AND "answeredAt" < ? ORDER BY "answeredAt" LIMIT ?)', [
      before,
      limit,
    ]);
  }

  async expireUnansweredRatings(askedBefore: Date): Promise<number> {
    return this.sql.execute(`UPDATE "ChatRating" SET "status" = 'expired' WHERE "status" = 'asked' AND "askedAt" < ?`, [askedBefore]);
  }

  async deleteAuditEntries(before: Date, limit: number): Promise<number> {
    return this.sql.execute('DELETE FROM "AuditLog" WHERE "id" IN (SELECT "id" FROM "AuditLog" WHERE "createdAt" < ? ORDER BY "createdAt" LIMIT ?)', [before, limit]);
  }

  async recordRun(report: RetentionReport, now: Date): Promise<void> {
    await insertSystemAudit(this.sql, { action: 'retention.run', entity: 'Retention', entityId: now.toISOString().slice(0, 10), details: JSON.stringify(report), now });
  }
}
