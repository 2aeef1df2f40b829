// Labels on conversations on direct SQL: the whole set replaced in one transaction and audited
// from → to, and the labels in use with their counts (the queue filter's suggestions).

import type { LabelChange, LabelStore } from '../console/queue/queue-ports.ts';
import { parseConversationStatus } from '../domain/types.ts';
import { insertAudit } from './sql/common-rows.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export class SqlLabelStore implements LabelStore {
  constructor(private readonly sql: SqlDriver) {}

  async replaceLabels(conversationId: string, labels: readonly string[], staffId: string, now: Date): Promise<LabelChange> {
    return this.sql.transaction(async (tx) => {
      // Written first, so two staff replacing the same set take turns on the conversation's row.
      const [found] = await tx.query<{ status: string }>('UPDATE "Conversation" SET "updatedAt" = ? WHERE "id" = ? RETURNING "status"', [now, conversationId]);
      if (!found) return { refused: 'not_found' as const };
      const status = parseConversationStatus(found.status);
      const rows = await tx.query<{ label: string }>('SELECT "label" FROM "ConversationLabel" WHERE "conversationId" = ? ORDER BY "label"', [conversationId]);
      const before = rows.map((r) => r.label);
      const after = [...new Set(labels)].sort();
      if (before.length === after.length && before.every((label, i) => label === after[i])) return { labels: after, changed: false, status };
      const gone = before.filter((label) => !after.includes(label));
      for (const label of gone) await tx.execute('DELETE FROM "ConversationLabel" WHERE "conversationId" = ? AND "label" = ?', [conversationId, label]);
      for (const label of after.filter((l) => !before.includes(l))) {
        await tx.execute('INSERT INTO "ConversationLabel" ("conversationId", "label", "staffId", "createdAt") VALUES (?, ?, ?, ?)', [conversationId, label, staffId, now]);
      }
      await insertAudit(tx, { actorType: 'staff', actorId: staffId, action: 'conversation.labelled', entity: 'Conversation', entityId: conversationId, details: { from: before, to: after }, now });
      return { labels: after, changed: true, status };
    });
  }

  async labelsOf(conversationId: string): Promise<string[]> {
    const rows = await this.sql.query<{ label: string }>('SELECT "label" FROM "ConversationLabel" WHERE "conversationId" = ? ORDER BY "label"', [conversationId]);
    return rows.map((r) => r.label);
  }

  async labelsInUse(limit: number): Promise<{ label: string; count: number }[]> {
    const rows = await this.sql.query<{ label: string; n: number | string }>('SELECT "label", COUNT(*) AS "n" FROM "ConversationLabel" GROUP BY "label" ORDER BY COUNT(*) DESC, "label" LIMIT ?', [
      limit,
    ]);
    return rows.map((r) => ({ label: r.label, count: Number(r.n) }));
  }
}
