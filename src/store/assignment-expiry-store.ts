// The assignment timeout's reads and compare-and-set on direct SQL (the worker process has no
// Prisma on its way): assignments left unopened too long, and their return to the queue, audited
// in the same transaction.

import type { AssignmentExpiryStore, LapsedAssignment } from '../console/routing/routing-ports.ts';
import { insertSystemAudit } from './sql/common-rows.ts';
import { toDateOrNull, type SqlDriver } from './sql/sql-driver.ts';

/** Still queued, assigned, not opened, and assigned at or before the cutoff (or before assignedAt was recorded). */
const LAPSED = `"status" = 'queued' AND "assignedStaffId" IS NOT NULL AND "assignmentOpenedAt" IS NULL AND ("assignedAt" IS NULL OR "assignedAt" <= ?)`;

export class SqlAssignmentExpiryStore implements AssignmentExpiryStore {
  constructor(private readonly sql: SqlDriver) {}

  async lapsedAssignments(cutoff: Date, limit: number): Promise<LapsedAssignment[]> {
    const rows = await this.sql.query<{ id: string; assignedStaffId: string; assignedAt: unknown }>(
      `SELECT "id", "assignedStaffId", "assignedAt" FROM "Conversation" WHERE ${LAPSED} ORDER BY "assignedAt", "id" LIMIT ?`,
      [cutoff, limit],
    );
    return rows.map((r) => ({ conversationId: r.id, staffId: r.assignedStaffId, assignedAt: toDateOrNull(r.assignedAt) }));
  }

  async expireAssignment(lapsed: LapsedAssignment, cutoff: Date, now: Date): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const changed = await tx.execute(
        `UPDATE "Conversation" SET "assignedStaffId" = NULL, "assignedAt" = NULL, "assignmentOpenedAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "assignedStaffId" = ? AND ${LAPSED}`,
        [now, lapsed.conversationId, lapsed.staffId, cutoff],
      );
      if (changed === 0) return false;
      await insertSystemAudit(tx, {
        action: 'conversation.assignment_expired',
        entity: 'Conversation',
        entityId: lapsed.conversationId,
        details: JSON.stringify({ from: lapsed.staffId, assignedAt: lapsed.assignedAt?.toISOString() ?? null, unopenedMs: lapsed.assignedAt ? now.getTime() - lapsed.assignedAt.getTime() : null }),
        now,
      });
      return true;
    });
  }
}
