// The staff console's view of the CRM, on Prisma (off the per-message hot path): the queue,
// conversation details, the compare-and-set takeover and its release, and profile-card edits.
// Each change a person makes is audited in the same transaction as the change.

import { randomUUID } from 'node:crypto';
import type {
  ConsoleStore,
  ConversationDetail,
  ConversationRefusal,
  CustomerPatch,
  CustomerProfile,
  HandoffSummary,
  PossibleDuplicate,
  ProfileChange,
  QueueItem,
  ReleaseResult,
  StaffRef,
  TakeoverResult,
} from '../console/ports.ts';
import type { ConversationStatus, Tier } from '../domain/types.ts';
import type { Db, DbTx } from './db-types.ts';
import { parseObject } from './json-object.ts';

const STAFF_REF = { select: { id: true, name: true, email: true } } as const;
const QUEUE_INCLUDE = { customer: { select: { id: true, name: true, tier: true, isKey: true } }, assignedStaff: STAFF_REF } as const;

export class PrismaConsoleStore implements ConsoleStore {
  constructor(private readonly db: Db) {}

  async listConversations(status: ConversationStatus, now: Date, limit = 200): Promise<QueueItem[]> {
    const rows = await this.db.conversation.findMany({
      where: { status },
      include: QUEUE_INCLUDE,
      // The queue is served most urgent first, then first come first served; the rest newest first.
      orderBy: status === 'queued' ? [{ priority: 'desc' }, { queuedAt: 'asc' }] : [{ lastMessageAt: 'desc' }],
      take: limit,
    });
    return rows.map((row) => toQueueItem(row, now));
  }

  async conversationDetail(conversationId: string, now: Date): Promise<ConversationDetail | null> {
    const row = await this.db.conversation.findUnique({ where: { id: conversationId }, include: QUEUE_INCLUDE });
    if (!row) return null;
    const [profile, profileHistory, cases, contacts, escalation, notes, llm] = await Promise.all([
      this.getCustomer(row.customerId),
      this.profileHistory(row.customerId),
      this.db.case.findMany({
        where: { customerId: row.customerId, status: { not: 'closed' } },
        include: { commitments: { orderBy: { dueAt: 'asc' } } },
        orderBy: { createdAt: 'desc' },
      }),
      this.db.contact.findMany({ where: { customerId: row.customerId }, orderBy: { createdAt: 'desc' }, take: 50 }),
      this.db.auditLog.findFirst({ where: { entity: 'Conversation', entityId: conversationId, action: 'conversation.escalated' }, orderBy: { createdAt: 'desc' } }),
      this.db.note.findMany({ where: { conversationId }, include: { staff: STAFF_REF }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.db.llmUsage.aggregate({ where: { conversationId, outcome: { not: 'skipped' } }, _count: { _all: true }, _sum: { promptTokens: true, completionTokens: true, costMicros: true } }),
    ]);
    if (!profile) return null;
    return {
      conversation: toQueueItem(row, now),
      notes: notes.map((n) => ({ id: n.id, text: n.text, staff: n.staff, createdAt: n.createdAt })),
      profile,
      profileHistory,
      openCases: cases.map((c) => ({
        id: c.id,
        category: c.category,
        emotion: c.emotion,
        step: c.step,
        status: c.status,
        agreedSolution: c.agreedSolution,
        commitments: c.commitments.map((m) => ({ id: m.id, kind: m.kind, description: m.description, dueAt: m.dueAt, status: m.status, amountCents: m.amountCents, currency: m.currency })),
      })),
      contacts: contacts.map((c) => ({ id: c.id, kind: c.kind, channel: c.channel, summary: c.summary, outcome: c.outcome, createdAt: c.createdAt })),
      handoff: escalation ? parseEscalation(escalation.details) : null,
      llm: { calls: llm._count._all, promptTokens: llm._sum.promptTokens ?? 0, completionTokens: llm._sum.completionTokens ?? 0, costMicros: llm._sum.costMicros ?? 0 },
    };
  }

  /** The latest edits of a profile card, newest first, with the names of who made them. */
  private async profileHistory(customerId: string, limit = 20): Promise<ProfileChange[]> {
    const rows = await this.db.auditLog.findMany({
      where: { entity: 'Customer', entityId: customerId, action: 'customer.updated' },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: limit,
    });
    const ids = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
    const staff = ids.length ? await this.db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    return rows.map((r) => ({
      staff: staff.find((s) => s.id === r.actorId) ?? null,
      changes: parseObject(r.details) as ProfileChange['changes'],
      createdAt: r.createdAt,
    }));
  }

  async takeOver(conversationId: string, staffId: string, now: Date, options: { overrideAssignee?: boolean } = {}): Promise<TakeoverResult> {
    return this.db.$transaction(async (tx) => {
      const current = await tx.conversation.findUnique({ where: { id: conversationId }, select: { status: true, assignedStaffId: true } });
      if (current?.status === 'human' && current.assignedStaffId === staffId) return { taken: true, alreadyMine: true };
      // One UPDATE decides between two staff racing for the same conversation; the version bump
      // makes a bot turn in flight retry and find the conversation in human hands.
      const { count } = await tx.conversation.updateMany({
        where: {
          id: conversationId,
          status: { not: 'closed' },
          // Routing's assignment (still queued) gives way to a supervisor; a person's hold never does.
          OR: [{ assignedStaffId: null }, { assignedStaffId: staffId }, ...(options.overrideAssignee ? [{ status: 'queued' }] : [])],
        },
        data: { status: 'human', assignedStaffId: staffId, version: { increment: 1 }, updatedAt: now },
      });
      if (count === 0) return refusal(tx, conversationId);
      const details = { from: current?.status ?? null, ...(current?.assignedStaffId && current.assignedStaffId !== staffId ? { assignedTo: current.assignedStaffId } : {}) };
      await audit(tx, { actorId: staffId, action: 'conversation.taken_over', entity: 'Conversation', entityId: conversationId, details, now });
      return { taken: true, alreadyMine: false };
    });
  }

  async release(conversationId: string, staffId: string, to: 'bot' | 'closed', now: Date, force: boolean): Promise<ReleaseResult> {
    return this.db.$transaction(async (tx) => {
      const current = await tx.conversation.findUnique({ where: { id: conversationId }, select: { status: true, assignedStaffId: true } });
      const { count } = await tx.conversation.updateMany({
        where: { id: conversationId, status: { not: 'closed' }, ...(force ? {} : { OR: [{ assignedStaffId: null }, { assignedStaffId: staffId }] }) },
        data: {
          status: to,
          assignedStaffId: null,
          version: { increment: 1 },
          updatedAt: now,
          ...(to === 'closed' ? { closedAt: now } : { queueReason: null, queuedAt: null, priority: 0 }),
        },
      });
      if (count === 0) return refusal(tx, conversationId);
      const action = to === 'closed' ? 'conversation.closed' : 'conversation.handed_back';
      await audit(tx, { actorId: staffId, action, entity: 'Conversation', entityId: conversationId, details: { from: current?.status ?? null, heldBy: current?.assignedStaffId ?? null }, now });
      return { released: true };
    });
  }

  async holds(conversationId: string, staffId: string): Promise<boolean> {
    const count = await this.db.conversation.count({ where: { id: conversationId, status: 'human', assignedStaffId: staffId } });
    return count === 1;
  }

  async getCustomer(customerId: string): Promise<CustomerProfile | null> {
    const row = await this.db.customer.findUnique({ where: { id: customerId }, include: { identities: { select: { channel: true } } } });
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      tier: row.tier as Tier,
      isKey: row.isKey,
      optOutGreetings: row.optOutGreetings,
      optOutMarketing: row.optOutMarketing,
      keyAccountManagerId: row.keyAccountManagerId,
      birthday: row.birthday ? row.birthday.toISOString().slice(0, 10) : null,
      timezone: row.timezone,
      locale: row.locale,
      lifecycleStage: row.lifecycleStage,
      loyalty: row.loyalty,
      purchaseTotalCents: row.purchaseTotalCents,
      lastContactAt: row.lastContactAt,
      attributes: parseObject(row.attributes),
      channels: [...new Set(row.identities.map((i) => i.channel))].sort(),
      phoneVerified: row.phoneVerifiedAt !== null,
      possibleDuplicates: row.phone ? await this.cardsWithPhone(row.phone, row.id) : [],
    };
  }

  /** Other live cards with this phone (a card left empty by a merge has no identities and is not one). */
  private async cardsWithPhone(phone: string, exceptId: string): Promise<PossibleDuplicate[]> {
    const rows = await this.db.customer.findMany({
      where: { phone, id: { not: exceptId }, erasedAt: null, identities: { some: {} } },
      select: { id: true, name: true, phoneVerifiedAt: true },
      orderBy: { createdAt: 'asc' },
      take: 10,
    });
    return rows.map((r) => ({ id: r.id, name: r.name, phoneVerified: r.phoneVerifiedAt !== null }));
  }

  async updateCustomer(customerId: string, patch: CustomerPatch, actorId: string, now: Date): Promise<CustomerProfile | null> {
    const changed = await this.db.$transaction(async (tx) => {
      const before = await tx.customer.findUnique({ where: { id: customerId } });
      if (!before) return false;
      const { birthday, ...rest } = patch;
      const data = { ...rest, ...(birthday !== undefined ? { birthday: birthday === null ? null : new Date(`${birthday}T00:00:00Z`) } : {}) };
      // A number typed in by staff is not proven by a channel: it stops being a merge target.
      const unverified = patch.phone !== undefined && patch.phone !== before.phone ? { phoneVerifiedAt: null } : {};
      const after = await tx.customer.update({ where: { id: customerId }, data: { ...data, ...unverified, updatedAt: now } });
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of Object.keys(data) as (keyof typeof data)[]) {
        const from = comparable(before[field]);
        const to = comparable(after[field]);
        if (from !== to) diff[field] = { from, to };
      }
      if (Object.keys(diff).length > 0) await audit(tx, { actorId, action: 'customer.updated', entity: 'Customer', entityId: customerId, details: diff, now });
      return true;
    });
    return changed ? this.getCustomer(customerId) : null;
  }

  async audit(entry: { actorId: string; action: string; entity: string; entityId: string; details: Record<string, unknown>; now: Date }): Promise<void> {
    await audit(this.db, entry);
  }
}

async function audit(tx: DbTx, entry: { actorId: string; action: string; entity: string; entityId: string; details: Record<string, unknown>; now: Date }): Promise<void> {
  await tx.auditLog.create({
    data: {
      id: randomUUID(),
      actorType: 'staff',
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      details: JSON.stringify(entry.details),
      createdAt: entry.now,
    },
  });
}

/** Why a conditional update changed nothing: gone, closed, or someone else holds it. */
async function refusal(tx: DbTx, conversationId: string): Promise<ConversationRefusal> {
  const row = await tx.conversation.findUnique({ where: { id: conversationId }, include: { assignedStaff: STAFF_REF } });
  if (!row) return { refused: 'not_found' };
  if (row.status === 'closed') return { refused: 'closed' };
  const holder: StaffRef = row.assignedStaff ?? { id: row.assignedStaffId ?? '', name: '', email: '' };
  return { refused: 'taken', holder };
}

interface QueueRow {
  id: string;
  status: string;
  channel: string;
  locale: string;
  priority: number;
  queueReason: string | null;
  queuedAt: Date | null;
  lastMessageAt: Date;
  customer: { id: string; name: string | null; tier: string; isKey: boolean };
  assignedStaff: StaffRef | null;
}

function toQueueItem(row: QueueRow, now: Date): QueueItem {
  return {
    id: row.id,
    status: row.status as ConversationStatus,
    channel: row.channel,
    language: row.locale,
    priority: row.priority,
    queueReason: row.queueReason,
    queuedAt: row.queuedAt,
    waitingSeconds: row.queuedAt ? Math.max(0, Math.round((now.getTime() - row.queuedAt.getTime()) / 1000)) : null,
    lastMessageAt: row.lastMessageAt,
    customer: { id: row.customer.id, name: row.customer.name, tier: row.customer.tier as Tier, isKey: row.customer.isKey },
    assignedStaff: row.assignedStaff,
  };
}

function parseEscalation(details: string): HandoffSummary {
  const parsed = parseObject(details);
  const handoff: HandoffSummary = { reason: String(parsed.reason ?? ''), priority: Number(parsed.priority ?? 0), summary: String(parsed.summary ?? '') };
  const summaries = (parsed.summaries ?? {}) as { zh?: unknown; en?: unknown };
  if (typeof summaries.zh === 'string' && typeof summaries.en === 'string') handoff.summaries = { zh: summaries.zh, en: summaries.en };
  return handoff;
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}
