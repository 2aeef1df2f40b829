// Read markers on direct SQL: how far each staff member has read each conversation (the queue's
// unread counts), and the opening of a routed assignment the first time its assignee reads it.

import type { ReadMarkers, ReadResult } from '../console/queue/queue-ports.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export class SqlReadMarkers implements ReadMarkers {
  constructor(private readonly sql: SqlDriver) {}

  async markRead(conversationId: string, staffId: string, now: Date): Promise<ReadResult> {
    return this.sql.transaction(async (tx) => {
      const [conversation] = await tx.query<{ id: string }>('SELECT "id" FROM "Conversation" WHERE "id" = ?', [conversationId]);
      if (!conversation) return { refused: 'not_found' as const };
      // A marker never moves back (two tabs, a slow request): the later time wins.
      await tx.execute(
        `INSERT INTO "ConversationRead" ("conversationId", "staffId", "readAt") VALUES (?, ?, ?)
         ON CONFLICT ("conversationId", "staffId") DO UPDATE SET "readAt" = CASE WHEN "ConversationRead"."readAt" > excluded."readAt" THEN "ConversationRead"."readAt" ELSE excluded."readAt" END`,
        [conversationId, staffId, now],
      );
      const opened = await tx.execute('UPDATE "Conversation" SET "assignmentOpenedAt" = ? WHERE "id" = ? AND "assignedStaffId" = ? AND "assignmentOpenedAt" IS NULL', [now, conversationId, staffId]);
      return { read: true as const, opened: opened === 1 };
    });
  }
}
