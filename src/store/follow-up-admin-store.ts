// The console's view of follow-ups, on Prisma (off the hot path). Retry and cancel are audited.

import { randomUUID } from 'node:crypto';
import type { FollowUpAdminStore, FollowUpListItem, FollowUpView } from '../console/jobs/jobs-ports.ts';
import type { Db } from './db-types.ts';

const PENDING = ['waiting', 'scheduled', 'queued', 'sending'];

export class PrismaFollowUpAdminStore implements FollowUpAdminStore {
  constructor(private readonly db: Db) {}

  async counts(now: Date): Promise<Record<FollowUpView, number>> {
    const [scheduled, due, sent, failed, cancelled, missed] = await Promise.all(
      (['scheduled', 'due', 'sent', 'failed', 'cancelled', 'missed'] as const).map((view) => this.db.followUp.count({ where: where(view, now) })),
    );
    return { scheduled: scheduled!, due: due!, sent: sent!, failed: failed!, cancelled: cancelled!, missed: missed! };
  }

  async list(view: FollowUpView, now: Date, options: { kind?: string; limit: number; offset: number }): Promise<FollowUpListItem[]> {
    const rows = await this.db.followUp.findMany({
      where: { ...where(view, now), ...(options.kind ? { kind: options.kind } : {}) },
      orderBy: view === 'scheduled' || view === 'due' ? { dueAt: 'asc' } : { updatedAt: 'desc' },
      take: options.limit,
      skip: options.offset,
      include: { customer: { select: { id: true, name: true, tier: true } } },
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      dueAt: r.dueAt,
      sentAt: r.sentAt,
      missedAt: r.missedAt,
      attempts: r.attempts,
      lastError: r.lastError,
      dedupeKey: r.dedupeKey,
      customer: r.customer,
      caseId: r.caseId,
      conversationId: r.conversationId ?? payloadText(r.payload, 'conversationId'),
      staffId: r.staffId,
      note: payloadText(r.payload, 'note'),
    }));
  }

  async retry(id: string, actorId: string, now: Date) {
    return this.db.$transaction(async (tx) => {
      const row = await tx.followUp.findUnique({ where: { id }, select: { status: true } });
      if (!row) return null;
      if (row.status !== 'failed' && row.status !== 'cancelled') return 'not_retryable' as const;
      // Back to the schedule with fresh tries; the relay queues it on its next pass.
      await tx.followUp.update({ where: { id }, data: { status: 'scheduled', dueAt: now, attempts: 0, lockedUntil: null, updatedAt: now } });
      await tx.auditLog.create({
        data: { id: randomUUID(), actorType: 'staff', actorId, action: 'followup.retried', entity: 'FollowUp', entityId: id, details: JSON.stringify({ from: row.status }), createdAt: now },
      });
      return { id, status: 'scheduled' };
    });
  }

  async cancel(id: string, actorId: string, now: Date) {
    return this.db.$transaction(async (tx) => {
      const row = await tx.followUp.findUnique({ where: { id }, select: { status: true } });
      if (!row) return null;
      if (row.status === 'sent') return 'already_sent' as const;
      // A worker in the middle of sending it (status sending) cannot be stopped any more.
      if (row.status === 'sending') return 'in_flight' as const;
      if (row.status === 'cancelled') return { id, status: 'cancelled' };
      const changed = await tx.followUp.updateMany({ where: { id, status: row.status }, data: { status: 'cancelled', lastError: 'cancelled by staff', lockedUntil: null, updatedAt: now } });
      if (changed.count === 0) return 'in_flight' as const;
      await tx.auditLog.create({
        data: { id: randomUUID(), actorType: 'staff', actorId, action: 'followup.cancelled', entity: 'FollowUp', entityId: id, details: JSON.stringify({ from: row.status }), createdAt: now },
      });
      return { id, status: 'cancelled' };
    });
  }
}

function where(view: FollowUpView, now: Date) {
  switch (view) {
    case 'scheduled':
      return { status: { in: PENDING }, dueAt: { gt: now } };
    case 'due':
      return { status: { in: PENDING }, dueAt: { lte: now } };
    case 'sent':
      return { status: 'sent' };
    case 'failed':
      return { status: 'failed' };
    case 'cancelled':
      return { status: 'cancelled' };
    case 'missed':
      return { missedAt: { not: null } };
  }
}

/** A text field of a follow-up's JSON payload (a callback's note, the conversation it was asked from), or null. */
function payloadText(payload: string, field: string): string | null {
  try {
    const value: unknown = (JSON.parse(payload) as Record<string, unknown>)[field];
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}
