// Approval requests on Prisma (off the per-message hot path): an agent's refund or voucher above
// the tier's cap, and a supervisor's decision on it. Each change and its AuditLog entry share one
// transaction; the audit entries hang on the Case, so erasing the customer scrubs them too.

import { randomUUID } from 'node:crypto';
import {
  APPROVAL_STATUSES,
  type ApprovalQuery,
  type ApprovalRecord,
  type ApprovalStatus,
  type ApprovalStore,
  type NewApproval,
  type NoLongerPending,
  type StaffRef,
} from '../console/approvals/approval-ports.ts';
import type { NewCommitment, RecordedCommitment } from '../console/cases/case-work-ports.ts';
import { isAmountKind, type AmountKind } from '../domain/policy.ts';
import { writeCommitment } from './case-work-store.ts';
import type { Db, DbTx } from './db-types.ts';

interface ApprovalRow {
  id: string;
  caseId: string;
  conversationId: string | null;
  customerId: string;
  kind: string;
  description: string;
  dueAt: Date;
  amountCents: number;
  currency: string;
  capCents: number | null;
  status: string;
  requestedById: string;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  commitmentId: string | null;
  createdAt: Date;
}

export class PrismaApprovalStore implements ApprovalStore {
  constructor(private readonly db: Db) {}

  async request(a: NewApproval, requestedById: string, now: Date): Promise<ApprovalRecord | { refused: 'already_pending'; approval: ApprovalRecord }> {
    return this.db.$transaction(async (tx) => {
      // A write on the case row holds it until commit: two requests for one case cannot both find
      // none pending and both insert (PostgreSQL; SQLite writes one transaction at a time anyway).
      await tx.$executeRaw`UPDATE "Case" SET "id" = "id" WHERE "id" = ${a.caseId}`;
      const kase = await tx.case.findUniqueOrThrow({ where: { id: a.caseId }, select: { customerId: true, conversationId: true } });
      const pending = await tx.approval.findFirst({ where: { caseId: a.caseId, kind: a.kind, status: 'pending' } });
      if (pending) return { refused: 'already_pending' as const, approval: (await records(tx, [pending]))[0]! };
      const row = await tx.approval.create({
        data: { id: randomUUID(), ...a, conversationId: kase.conversationId, customerId: kase.customerId, status: 'pending', requestedById, createdAt: now, updatedAt: now },
      });
      await audit(tx, requestedById, 'approval.requested', row, { capCents: a.capCents, dueAt: a.dueAt.toISOString() }, now);
      return (await records(tx, [row]))[0]!;
    });
  }

  async get(id: string): Promise<ApprovalRecord | null> {
    const row = await this.db.approval.findUnique({ where: { id } });
    return row ? (await records(this.db, [row]))[0]! : null;
  }

  async list(query: ApprovalQuery): Promise<ApprovalRecord[]> {
    const rows = await this.db.approval.findMany({
      where: { status: query.status, ...(query.requestedById ? { requestedById: query.requestedById } : {}), ...(query.caseId ? { caseId: query.caseId } : {}) },
      // Waiting ones longest-waiting first; decided ones latest first.
      orderBy: query.status === 'pending' ? [{ createdAt: 'asc' }, { id: 'asc' }] : [{ updatedAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
    return records(this.db, rows);
  }

  async approve(
    id: string,
    decision: { commitment: NewCommitment; note: string | null },
    staffId: string,
    now: Date,
  ): Promise<{ approval: ApprovalRecord; recorded: RecordedCommitment } | NoLongerPending | null> {
    return this.db.$transaction(async (tx) => {
      const claimed = await claim(tx, id, 'approved', decision.note, staffId, now);
      if (claimed !== true) return claimed;
      const recorded = await writeCommitment(tx, decision.commitment, staffId, now);
      const row = await tx.approval.update({ where: { id }, data: { commitmentId: recorded.commitmentId } });
      await audit(tx, staffId, 'approval.approved', row, { commitmentId: recorded.commitmentId, requestedById: row.requestedById, ...noteLength(decision.note) }, now);
      return { approval: (await records(tx, [row]))[0]!, recorded };
    });
  }

  async refuse(id: string, note: string, staffId: string, now: Date): Promise<ApprovalRecord | NoLongerPending | null> {
    return this.db.$transaction(async (tx) => {
      const claimed = await claim(tx, id, 'refused', note, staffId, now);
      if (claimed !== true) return claimed;
      const row = await tx.approval.findUniqueOrThrow({ where: { id } });
      await audit(tx, staffId, 'approval.refused', row, { requestedById: row.requestedById, ...noteLength(note) }, now);
      return (await records(tx, [row]))[0]!;
    });
  }
}

/**
 * Decides a pending approval with one conditional update: of two supervisors at once, the second
 * waits for the first's row lock and then matches nothing (PostgreSQL), or runs after it (SQLite).
 * True when this call decided it; otherwise what stands (null: no such approval).
 */
async function claim(tx: DbTx, id: string, status: 'approved' | 'refused', note: string | null, staffId: string, now: Date): Promise<true | NoLongerPending | null> {
  const { count } = await tx.approval.updateMany({ where: { id, status: 'pending' }, data: { status, decidedById: staffId, decidedAt: now, decisionNote: note, updatedAt: now } });
  if (count === 1) return true;
  const row = await tx.approval.findUnique({ where: { id } });
  return row ? { refused: 'not_pending', approval: (await records(tx, [row]))[0]! } : null;
}

/** The note's text stays in the Approval (and goes with the customer's erasure); the audit says how long it was. */
function noteLength(note: string | null): { noteChars?: number } {
  return note ? { noteChars: note.length } : {};
}

async function records(tx: DbTx, rows: ApprovalRow[]): Promise<ApprovalRecord[]> {
  if (rows.length === 0) return [];
  const staffIds = [...new Set(rows.flatMap((r) => (r.decidedById ? [r.requestedById, r.decidedById] : [r.requestedById])))];
  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  // One after the other: inside an interactive transaction the queries share one connection.
  const staff = await tx.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true, email: true } });
  const customers = await tx.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } });
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const nameById = new Map(customers.map((c) => [c.id, c.name]));
  // An account is never deleted (only disabled); the fallback keeps a broken reference readable.
  const ref = (id: string): StaffRef => staffById.get(id) ?? { id, name: id, email: '' };
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    conversationId: r.conversationId,
    customerId: r.customerId,
    customerName: nameById.get(r.customerId) ?? null,
    kind: toKind(r.kind),
    description: r.description,
    dueAt: r.dueAt,
    amountCents: r.amountCents,
    currency: r.currency,
    capCents: r.capCents,
    status: toStatus(r.status),
    requestedBy: ref(r.requestedById),
    decidedBy: r.decidedById ? ref(r.decidedById) : null,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    commitmentId: r.commitmentId,
    createdAt: r.createdAt,
  }));
}

function toKind(value: string): AmountKind {
  if (isAmountKind(value)) return value;
  throw new Error(`unknown approval kind ${JSON.stringify(value)} in the store`);
}

function toStatus(value: string): ApprovalStatus {
  const status = APPROVAL_STATUSES.find((known) => known === value);
  if (status) return status;
  throw new Error(`unknown approval status ${JSON.stringify(value)} in the store`);
}

/** On the Case, with ids and amounts only: the description and notes are not repeated in the log. */
async function audit(tx: DbTx, actorId: string, action: string, row: ApprovalRow, details: Record<string, unknown>, now: Date): Promise<void> {
  const facts = { approvalId: row.id, kind: row.kind, amountCents: row.amountCents, currency: row.currency, ...details };
  await tx.auditLog.create({ data: { id: randomUUID(), actorType: 'staff', actorId, action, entity: 'Case', entityId: row.caseId, details: JSON.stringify(facts), createdAt: now } });
}
