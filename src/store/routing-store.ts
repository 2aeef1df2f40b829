// Routing on Prisma: who is online with how much work, who waits, and the compare-and-set
// assignment of a queued conversation within the assignee's capacity (one unopened at a time),
// audited in the same transaction.

import { randomUUID } from 'node:crypto';
import { parseStaffRole } from '../console/ports.ts';
import type { AssignmentRule, ReassignResult, RoutingCandidate, RoutingStore, RoutingTarget } from '../console/routing/routing-ports.ts';
import { parseConversationStatus, parseTier } from '../domain/types.ts';
import type { Db } from './db-types.ts';

/** Assigned by routing (or a supervisor), still queued, not opened by the assignee yet. */
const UNOPENED = { status: 'queued', assignmentOpenedAt: null } as const;

export class PrismaRoutingStore implements RoutingStore {
  constructor(private readonly db: Db) {}

  async routingTarget(conversationId: string): Promise<RoutingTarget | null> {
    const row = await this.db.conversation.findUnique({
      where: { id: conversationId },
      select: { status: true, assignedStaffId: true, customer: { select: { tier: true, keyAccountManagerId: true } } },
    });
    return row ? { status: row.status, assignedStaffId: row.assignedStaffId, tier: parseTier(row.customer.tier), keyAccountManagerId: row.customer.keyAccountManagerId } : null;
  }

  async onlineStaff(): Promise<RoutingCandidate[]> {
    const rows = await this.db.staff.findMany({
      where: { online: true, disabled: false },
      select: { id: true, role: true, capacity: true, lastAssignedAt: true, _count: { select: { conversations: { where: { status: { in: ['queued', 'human'] } } } } } },
    });
    const unopened = rows.length ? await this.db.conversation.groupBy({ by: ['assignedStaffId'], where: { ...UNOPENED, assignedStaffId: { in: rows.map((r) => r.id) } }, _count: { _all: true } }) : [];
    return rows.map((r) => ({
      id: r.id,
      role: parseStaffRole(r.role),
      capacity: r.capacity,
      lastAssignedAt: r.lastAssignedAt,
      load: r._count.conversations,
      unopened: unopened.find((u) => u.assignedStaffId === r.id)?._count._all ?? 0,
    }));
  }

  async waitingUnassigned(limit: number): Promise<string[]> {
    const rows = await this.db.conversation.findMany({
      where: { status: 'queued', assignedStaffId: null },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }],
      select: { id: true },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  async assignQueued(conversationId: string, staffId: string, rule: AssignmentRule, now: Date): Promise<boolean> {
    try {
      return await this.db.$transaction(async (tx) => {
        // Writing the assignee's row first takes its row lock (PostgreSQL) or the write lock
        // (SQLite): another instance assigning to the same person waits here, and the count
        // below then sees its assignment. Without it both could take the last free place.
        const { count: available } = await tx.staff.updateMany({ where: { id: staffId, online: true, disabled: false }, data: { lastAssignedAt: now } });
        if (available === 0) throw new NotAssigned();
        const [staff, load, unopened] = await Promise.all([
          tx.staff.findUniqueOrThrow({ where: { id: staffId }, select: { capacity: true } }),
          tx.conversation.count({ where: { assignedStaffId: staffId, status: { in: ['queued', 'human'] } } }),
          tx.conversation.count({ where: { ...UNOPENED, assignedStaffId: staffId } }),
        ]);
        // One at a time: the next only once they opened the last one.
        if (load >= staff.capacity || unopened > 0) throw new NotAssigned();
        const { count } = await tx.conversation.updateMany({
          where: { id: conversationId, status: 'queued', assignedStaffId: null },
          data: { assignedStaffId: staffId, assignedAt: now, assignmentOpenedAt: null, updatedAt: now },
        });
        if (count === 0) throw new NotAssigned();
        await tx.auditLog.create({
          data: {
            id: randomUUID(),
            actorType: 'system',
            action: 'conversation.assigned',
            entity: 'Conversation',
            entityId: conversationId,
            details: JSON.stringify({ to: staffId, rule }),
            createdAt: now,
          },
        });
        return true;
      });
    } catch (error) {
      if (error instanceof NotAssigned) return false;
      throw error;
    }
  }

  async reassign(conversationId: string, staffId: string, actorId: string, now: Date): Promise<ReassignResult> {
    return this.db.$transaction(async (tx) => {
      const target = await tx.staff.findUnique({ where: { id: staffId }, select: { disabled: true } });
      if (!target || target.disabled) return { refused: 'no_such_staff' };
      const current = await tx.conversation.findUnique({ where: { id: conversationId }, select: { status: true, assignedStaffId: true } });
      if (!current) return { refused: 'not_found' };
      if (current.status === 'closed') return { refused: 'closed' };
      // A conversation with the bot becomes queued for the new assignee; a held one stays held, by them.
      const status = current.status === 'bot' ? 'queued' : current.status;
      const { count } = await tx.conversation.updateMany({
        where: { id: conversationId, status: current.status, assignedStaffId: current.assignedStaffId },
        data: {
          assignedStaffId: staffId,
          status,
          version: { increment: 1 },
          updatedAt: now,
          // A new assignment: its timeout counts from now, and the new assignee has not opened it.
          assignedAt: now,
          assignmentOpenedAt: null,
          ...(current.status === 'bot' ? { queuedAt: now, queueReason: 'assigned_by_supervisor' } : {}),
        },
      });
      if (count === 0) return { refused: 'changed' };
      await tx.staff.update({ where: { id: staffId }, data: { lastAssignedAt: now } });
      await tx.auditLog.create({
        data: {
          id: randomUUID(),
          actorType: 'staff',
          actorId,
          action: 'conversation.reassigned',
          entity: 'Conversation',
          entityId: conversationId,
          details: JSON.stringify({ from: current.assignedStaffId, to: staffId, status }),
          createdAt: now,
        },
      });
      return { assigned: true, from: parseConversationStatus(current.status), status: parseConversationStatus(status) };
    });
  }
}

/** Thrown inside the assignment's transaction to roll it back (the assignee's row was already written). */
class NotAssigned extends Error {
  override readonly name = 'NotAssigned';
}
