// Case work by staff, on Prisma (off the per-message hot path): notes, commitments with their
// revisit, callbacks and outcomes. Each change and its AuditLog entry share one transaction.

import { randomUUID } from 'node:crypto';
import type { CaseFacts, CaseOutcomeStatus, CaseWorkStore, NewCommitment, RecordedCommitment, ScheduledCallback } from '../console/cases/case-work-ports.ts';
import type { NoteEntry } from '../console/ports.ts';
import type { Tier } from '../domain/types.ts';
import type { Db, DbTx } from './db-types.ts';

export class PrismaCaseWorkStore implements CaseWorkStore {
  constructor(
    private readonly db: Db,
    /** A fulfilled commitment's revisit comes this long after it is marked fulfilled. */
    private readonly revisitDelayMs: number,
  ) {}

  async addNote(conversationId: string, staffId: string, text: string, now: Date): Promise<NoteEntry | null> {
    return this.db.$transaction(async (tx) => {
      if (!(await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } }))) return null;
      const note = await tx.note.create({ data: { id: randomUUID(), conversationId, staffId, text, createdAt: now }, include: { staff: { select: { id: true, name: true, email: true } } } });
      // The text stays in the Note; the audit says who wrote one, when, and how long.
      await audit(tx, staffId, 'conversation.note_added', 'Conversation', conversationId, { noteId: note.id, chars: text.length }, now);
      return { id: note.id, text: note.text, staff: note.staff, createdAt: note.createdAt };
    });
  }

  async caseFacts(caseId: string): Promise<CaseFacts | null> {
    const row = await this.db.case.findUnique({ where: { id: caseId }, include: { customer: { select: { tier: true } } } });
    if (!row) return null;
    // The tier when the case was opened (cases from before that was kept fall back to today's).
    const tier = toTier(row.customerTier ?? row.customer.tier);
    return { id: row.id, customerId: row.customerId, conversationId: row.conversationId, category: row.category, status: row.status, tier };
  }

  async recordCommitment(c: NewCommitment, actorId: string, now: Date): Promise<RecordedCommitment> {
    return this.db.$transaction((tx) => writeCommitment(tx, c, actorId, now));
  }

  async scheduleCallback(conversationId: string, callback: { dueAt: Date; note: string | null }, actorId: string, now: Date): Promise<ScheduledCallback | null> {
    return this.db.$transaction(async (tx) => {
      const conversation = await tx.conversation.findUnique({
        where: { id: conversationId },
        select: { customerId: true, cases: { where: { status: { notIn: ['closed'] } }, orderBy: { createdAt: 'desc' }, take: 1, select: { id: true } } },
      });
      if (!conversation) return null;
      const followUpId = randomUUID();
      const dedupeKey = `callback:staff:${followUpId}`;
      const caseId = conversation.cases[0]?.id ?? null;
      await tx.followUp.create({
        data: {
          id: followUpId,
          customerId: conversation.customerId,
          kind: 'callback',
          dueAt: callback.dueAt,
          dedupeKey,
          conversationId,
          staffId: actorId,
          caseId,
          payload: JSON.stringify({ conversationId, requestedBy: actorId, ...(callback.note ? { note: callback.note } : {}) }),
          createdAt: now,
          updatedAt: now,
        },
      });
      await audit(tx, actorId, 'conversation.callback_scheduled', 'Conversation', conversationId, { followUpId, dueAt: callback.dueAt.toISOString() }, now);
      return { followUpId, caseId, dueAt: callback.dueAt, dedupeKey };
    });
  }

  async setOutcome(
    caseId: string,
    status: CaseOutcomeStatus,
    outcome: string | null,
    actorId: string,
    now: Date,
  ): Promise<{ id: string; conversationId: string; status: string; agreedSolution: string | null } | null> {
    return this.db.$transaction(async (tx) => {
      const before = await tx.case.findUnique({ where: { id: caseId }, select: { status: true } });
      if (!before) return null;
      const after = await tx.case.update({
        where: { id: caseId },
        data: {
          status,
          updatedAt: now,
          ...(status === 'agreed' && outcome ? { agreedSolution: outcome } : {}),
          ...(status === 'closed' ? { closedAt: now } : status === 'reopened' ? { closedAt: null } : {}),
        },
      });
      let revisits = 0;
      if (status === 'fulfilled') {
        // Seed 002 step 5: once the promise is kept, the revisit asks whether it solved the problem.
        await tx.commitment.updateMany({ where: { caseId, status: 'pending' }, data: { status: 'fulfilled', updatedAt: now } });
        const released = await tx.followUp.updateMany({
          where: { caseId, kind: 'revisit', status: 'waiting' },
          data: { status: 'scheduled', dueAt: new Date(now.getTime() + this.revisitDelayMs), updatedAt: now },
        });
        revisits = released.count;
      }
      await audit(tx, actorId, 'case.outcome_set', 'Case', caseId, { from: before.status, to: status, ...(outcome ? { outcome } : {}), ...(revisits ? { revisitsScheduled: revisits } : {}) }, now);
      return { id: after.id, conversationId: after.conversationId, status: after.status, agreedSolution: after.agreedSolution };
    });
  }
}

/**
 * The commitment, its waiting revisit and the audit entry, inside the caller's transaction: staff
 * recording one directly and a supervisor approving an agent's request both write it here.
 */
export async function writeCommitment(tx: DbTx, c: NewCommitment, actorId: string, now: Date): Promise<RecordedCommitment> {
  const found = await tx.case.findUniqueOrThrow({ where: { id: c.caseId }, select: { customerId: true, conversationId: true } });
  const commitmentId = randomUUID();
  const followUpId = randomUUID();
  await tx.commitment.create({
    data: {
      id: commitmentId,
      caseId: c.caseId,
      customerId: found.customerId,
      kind: c.kind,
      amountCents: c.amountCents,
      currency: c.currency,
      description: c.description,
      dueAt: c.dueAt,
      createdAt: now,
      updatedAt: now,
    },
  });
  await tx.followUp.create({
    // The revisit waits for the commitment to be fulfilled; c.revisitAt is the earliest it could be.
    data: {
      id: followUpId,
      customerId: found.customerId,
      caseId: c.caseId,
      commitmentId,
      kind: 'revisit',
      status: 'waiting',
      dueAt: c.revisitAt,
      dedupeKey: `revisit:${commitmentId}`,
      conversationId: found.conversationId,
      createdAt: now,
      updatedAt: now,
    },
  });
  await audit(
    tx,
    actorId,
    'case.commitment_recorded',
    'Case',
    c.caseId,
    { commitmentId, followUpId, kind: c.kind, amountCents: c.amountCents, currency: c.currency, dueAt: c.dueAt.toISOString() },
    now,
  );
  return { commitmentId, followUpId };
}

function toTier(value: string): Tier {
  if (value === 'A' || value === 'B' || value === 'C') return value;
  throw new Error(`unknown customer tier ${JSON.stringify(value)} in the store`);
}

async function audit(tx: DbTx, actorId: string, action: string, entity: string, entityId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await tx.auditLog.create({ data: { id: randomUUID(), actorType: 'staff', actorId, action, entity, entityId, details: JSON.stringify(details), createdAt: now } });
}
