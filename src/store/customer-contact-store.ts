// A customer's contact log as staff read it (all of it, newest first) and the contacts they record
// by hand (a call, a visit: seed 000's 拜访记录), audited with the change. On Prisma, off the hot path.

import { randomUUID } from 'node:crypto';
import type { ContactLogEntry, CustomerContactStore, NewManualContact } from '../console/customers/customer-ports.ts';
import type { Db } from './db-types.ts';

interface ContactRow {
  id: string;
  kind: string;
  channel: string;
  summary: string;
  outcome: string | null;
  impressions: string | null;
  conversationId: string | null;
  staffId: string | null;
  createdAt: Date;
}

export class PrismaCustomerContactStore implements CustomerContactStore {
  constructor(private readonly db: Db) {}

  async list(customerId: string, page: { page: number; pageSize: number }): Promise<{ contacts: ContactLogEntry[]; total: number } | null> {
    const customer = await this.db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!customer) return null;
    const [rows, total] = await Promise.all([
      this.db.contact.findMany({
        where: { customerId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
      }),
      this.db.contact.count({ where: { customerId } }),
    ]);
    return { contacts: await this.withStaffNames(rows), total };
  }

  async record(customerId: string, contact: NewManualContact, staffId: string, now: Date): Promise<{ recorded: ContactLogEntry } | { refused: 'not_found' | 'erased' }> {
    const row = await this.db.$transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { lastContactAt: true, erasedAt: true } });
      if (!customer) return 'not_found' as const;
      if (customer.erasedAt) return 'erased' as const;
      const created = await tx.contact.create({
        data: {
          id: randomUUID(),
          customerId,
          kind: contact.kind,
          channel: contact.channel,
          summary: contact.summary,
          outcome: contact.outcome,
          impressions: contact.impressions,
          staffId,
          createdAt: contact.at,
          updatedAt: now,
        },
      });
      // A contact recorded after the fact moves the last contact time only forward.
      if (!customer.lastContactAt || customer.lastContactAt < contact.at) await tx.customer.update({ where: { id: customerId }, data: { lastContactAt: contact.at, updatedAt: now } });
      await tx.auditLog.create({
        data: {
          id: randomUUID(),
          actorType: 'staff',
          actorId: staffId,
          action: 'customer.contact_recorded',
          entity: 'Customer',
          entityId: customerId,
          details: JSON.stringify({ contactId: created.id, kind: contact.kind, channel: contact.channel, at: contact.at.toISOString() }),
          createdAt: now,
        },
      });
      return created;
    });
    if (typeof row === 'string') return { refused: row };
    const [entry] = await this.withStaffNames([row]);
    return { recorded: entry! };
  }

  private async withStaffNames(rows: ContactRow[]): Promise<ContactLogEntry[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.staffId ? [r.staffId] : [])))];
    const staff = ids.length ? await this.db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      summary: r.summary,
      outcome: r.outcome,
      impressions: r.impressions,
      conversationId: r.conversationId,
      staff: r.staffId ? (names.get(r.staffId) ?? { id: r.staffId, name: '' }) : null,
      createdAt: r.createdAt,
    }));
  }
}
