// The AuditLog for the admins' view: filters, newest first, keyset paging (createdAt, id), and the
// names of the staff who acted. On Prisma, off the hot path.

import { randomUUID } from 'node:crypto';
import type { AuditCursor, AuditEntry, AuditFilter, AuditStore } from '../console/audit/audit-ports.ts';
import type { Db } from './db-types.ts';

export class PrismaAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  async list(filter: AuditFilter, page: { limit: number; after?: AuditCursor }): Promise<AuditEntry[]> {
    const { after } = page;
    const rows = await this.db.auditLog.findMany({
      where: {
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.entity ? { entity: filter.entity } : {}),
        ...(filter.entityId ? { entityId: filter.entityId } : {}),
        ...(filter.actorId ? { actorId: filter.actorId } : {}),
        ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit,
    });
    const actorIds = [...new Set(rows.flatMap((r) => (r.actorType === 'staff' && r.actorId ? [r.actorId] : [])))];
    const staff = actorIds.length ? await this.db.staff.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return rows.map((r) => ({ ...r, actorName: r.actorId ? (names.get(r.actorId) ?? null) : null }));
  }

  async actions(): Promise<string[]> {
    // GROUP BY in the database (Prisma's `distinct` would read every row).
    const rows = await this.db.auditLog.groupBy({ by: ['action'], orderBy: { action: 'asc' } });
    return rows.map((r) => r.action);
  }

  async record(entry: { actorId: string; action: string; details: Record<string, unknown>; now: Date }): Promise<void> {
    await this.db.auditLog.create({
      data: { id: randomUUID(), actorType: 'staff', actorId: entry.actorId, action: entry.action, entity: 'AuditLog', entityId: '-', details: JSON.stringify(entry.details), createdAt: entry.now },
    });
  }
}
