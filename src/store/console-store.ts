// The staff console's view of the CRM, on Prisma (off the per-message hot path): the queue,
// conversation details, the compare-and-set takeover and its release, and profile-card edits.
// Each change a person makes is audited in the same transaction as the change.

import { createHash, randomUUID } from 'node:crypto';
import type { CardSegmentReason, CardTransactions } from '../console/customers/customer-ports.ts';
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
import { confirmFields, readConfirmations, staleFields, writeConfirmations } from '../domain/customer/card-freshness.ts';
import { updateCardRegion } from '../domain/customer/card-region.ts';
import { CONFIRMABLE_FIELDS, type ConfirmableField } from '../domain/customer/card-vocabulary.ts';
import { phoneCountry } from '../domain/phone.ts';
import { parseStoredReason } from '../domain/segments/segment-reason.ts';
import { parseConversationStatus, parseTier } from '../domain/types.ts';
import { planRatingAfterClose } from './chat-ratings.ts';
import type { Db, DbTx } from './db-types.ts';
import { parseStringArray } from './json-array.ts';
import { parseObject } from './json-object.ts';

const STAFF_REF = { select: { id: true, name: true, email: true } } as const;
const QUEUE_INCLUDE = { customer: { select: { id: true, name: true, tier: true, isKey: true } }, assignedStaff: STAFF_REF } as const;

/** Orders that do not count towards what a customer bought. */
const VOID_ORDER_STATUSES = ['cancelled', 'refunded'] as const;

export interface ConsoleStoreOptions {
  /** "Now" for the card's last-12-months total and its stale fields. */
  clock: () => Date;
  /** A card field not confirmed for this many days is flagged (CARD_FIELD_STALE_DAYS). */
  cardStaleDays: number;
  /** A close of a conversation people served asks the customer for a rating (CSAT_ENABLED). */
  askRatingOnClose: boolean;
}

export class PrismaConsoleStore implements ConsoleStore {
  private readonly options: ConsoleStoreOptions;

  constructor(
    private readonly db: Db,
    options: Partial<ConsoleStoreOptions> = {},
  ) {
    this.options = { clock: () => new Date(), cardStaleDays: 365, askRatingOnClose: false, ...options };
  }

  async conversationDetail(conversationId: string, now: Date): Promise<ConversationDetail | null> {
    const row = await this.db.conversation.findUnique({ where: { id: conversationId }, include: QUEUE_INCLUDE });
    if (!row) return null;
    const [profile, profileHistory, cases, contacts, escalation, notes, llm, rating] = await Promise.all([
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
      this.db.chatRating.findUnique({ where: { conversationId }, select: { score: true, comment: true, servedBy: true, staffId: true, answeredAt: true } }),
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
        facts: parseObject(c.facts),
        commitments: c.commitments.map((m) => ({ id: m.id, kind: m.kind, description: m.description, dueAt: m.dueAt, status: m.status, amountCents: m.amountCents, currency: m.currency })),
      })),
      contacts: contacts.map((c) => ({ id: c.id, kind: c.kind, channel: c.channel, summary: c.summary, outcome: c.outcome, createdAt: c.createdAt })),
      handoff: escalation ? parseEscalation(escalation.details) : null,
      llm: { calls: llm._count._all, promptTokens: llm._sum.promptTokens ?? 0, completionTokens: llm._sum.completionTokens ?? 0, costMicros: llm._sum.costMicros ?? 0 },
      ...(rating?.score != null && rating.answeredAt
        ? {
            rating: {
              score: rating.score,
              comment: rating.comment,
              servedBy: rating.servedBy === 'bot' ? ('bot' as const) : ('staff' as const),
              staffId: rating.staffId,
              answeredAt: rating.answeredAt,
            },
          }
        : {}),
    };
  }

  /** The latest edits of a profile card, newest first, with the names of who made them (a tier pinned by hand shows as a tier change). */
  private async profileHistory(customerId: string, limit = 20): Promise<ProfileChange[]> {
    const rows = await this.db.auditLog.findMany({
      where: { entity: 'Customer', entityId: customerId, action: { in: ['customer.updated', 'customer.tier_pinned'] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: limit,
    });
    const ids = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
    const staff = ids.length ? await this.db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    return rows.map((r) => ({
      staff: staff.find((s) => s.id === r.actorId) ?? null,
      changes: r.action === 'customer.tier_pinned' ? tierPinChanges(parseObject(r.details)) : (parseObject(r.details) as ProfileChange['changes']),
      createdAt: r.createdAt,
    }));
  }

  async takeOver(conversationId: string, staffId: string, now: Date, options: { overrideAssignee?: boolean } = {}): Promise<TakeoverResult> {
    return this.db.$transaction(async (tx) => {
      const current = await tx.conversation.findUnique({
        where: { id: conversationId },
        select: { status: true, assignedStaffId: true, customerId: true, channel: true, assignmentOpenedAt: true },
      });
      if (current?.status === 'human' && current.assignedStaffId === staffId) return { taken: true, alreadyMine: true };
      // Taking it over opens the assignment (routing's, or a new one to this person from now).
      const assignment = current?.assignedStaffId === staffId ? { assignmentOpenedAt: current.assignmentOpenedAt ?? now } : { assignedAt: now, assignmentOpenedAt: now };
      // One UPDATE decides between two staff racing for the same conversation; the version bump
      // makes a bot turn in flight retry and find the conversation in human hands.
      const { count } = await tx.conversation.updateMany({
        where: {
          id: conversationId,
          status: { not: 'closed' },
          // Routing's assignment (still queued) gives way to a supervisor; a person's hold never does.
          OR: [{ assignedStaffId: null }, { assignedStaffId: staffId }, ...(options.overrideAssignee ? [{ status: 'queued' }] : [])],
        },
        data: { status: 'human', assignedStaffId: staffId, ...assignment, version: { increment: 1 }, updatedAt: now },
      });
      if (count === 0) return refusal(tx, conversationId);
      const details = { from: current?.status ?? null, ...(current?.assignedStaffId && current.assignedStaffId !== staffId ? { assignedTo: current.assignedStaffId } : {}) };
      await audit(tx, { actorId: staffId, action: 'conversation.taken_over', entity: 'Conversation', entityId: conversationId, details, now });
      if (current) {
        // The contact log is complete: a person joining the chat is a contact of its own.
        await tx.contact.create({
          data: {
            id: randomUUID(),
            customerId: current.customerId,
            conversationId,
            kind: 'takeover',
            channel: current.channel,
            summary: 'staff took the conversation over',
            staffId,
            createdAt: now,
            updatedAt: now,
          },
        });
      }
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
          assignedAt: null,
          assignmentOpenedAt: null,
          version: { increment: 1 },
          updatedAt: now,
          ...(to === 'closed' ? { closedAt: now } : { queueReason: null, queuedAt: null, priority: 0 }),
        },
      });
      if (count === 0) return refusal(tx, conversationId);
      const action = to === 'closed' ? 'conversation.closed' : 'conversation.handed_back';
      await audit(tx, { actorId: staffId, action, entity: 'Conversation', entityId: conversationId, details: { from: current?.status ?? null, heldBy: current?.assignedStaffId ?? null }, now });
      if (to === 'closed' && this.options.askRatingOnClose) {
        await planRatingAfterClose(tx, { conversationId, closedBy: staffId, heldBy: current?.assignedStaffId ?? null, wasHeld: current?.status === 'human', now });
      }
      return { released: true };
    });
  }

  async holds(conversationId: string, staffId: string): Promise<boolean> {
    const count = await this.db.conversation.count({ where: { id: conversationId, status: 'human', assignedStaffId: staffId } });
    return count === 1;
  }

  async getCustomer(customerId: string): Promise<CustomerProfile | null> {
    const row = await this.db.customer.findUnique({
      where: { id: customerId },
      include: { identities: { select: { channel: true } }, contactPoints: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }, keyAccountManager: { select: { id: true, name: true } } },
    });
    if (!row) return null;
    const now = this.options.clock();
    const [transactions, possibleDuplicates] = await Promise.all([this.transactions(customerId, now), row.phone ? this.cardsWithPhone(row.phone, row.id) : []]);
    const channels = [...new Set(row.identities.map((i) => i.channel))].sort();
    const birthday = row.birthday ? row.birthday.toISOString().slice(0, 10) : null;
    const further = (kind: 'phone' | 'email') => row.contactPoints.filter((p) => p.kind === kind).map((p) => p.value);
    const phones = [...(row.phone ? [row.phone] : []), ...further('phone').filter((p) => p !== row.phone)];
    const emails = [...(row.email ? [row.email] : []), ...further('email').filter((e) => e !== row.email?.toLowerCase())];
    const tags = parseStringArray(row.tags);
    const preferences = parseObject(row.preferences);
    const confirmations = readConfirmations(parseObject(row.fieldConfirmations));
    const values: Record<ConfirmableField, unknown> = {
      name: row.name,
      phone: row.phone,
      email: row.email,
      phones: further('phone').length > 0,
      emails: further('email').length > 0,
      address: row.address,
      birthday,
      organization: row.organization,
      contactPerson: row.contactPerson,
      // The language and time zone always have a value, the default at first: only a confirmed one counts as set.
      locale: confirmations.locale !== undefined,
      timezone: confirmations.timezone !== undefined,
      country: row.country,
      preferences: Object.keys(preferences).length > 0,
      tags: tags.length > 0,
      creditNote: row.creditNote,
    };
    const setFields = CONFIRMABLE_FIELDS.filter((field) => values[field] !== null && values[field] !== false);
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      tier: parseTier(row.tier),
      isKey: row.isKey,
      optOutGreetings: row.optOutGreetings,
      optOutMarketing: row.optOutMarketing,
      keyAccountManagerId: row.keyAccountManagerId,
      birthday,
      timezone: row.timezone,
      locale: row.locale,
      lifecycleStage: row.lifecycleStage,
      loyalty: row.loyalty,
      purchaseTotalCents: row.purchaseTotalCents,
      lastContactAt: row.lastContactAt,
      attributes: parseObject(row.attributes),
      channels,
      phoneVerified: row.phoneVerifiedAt !== null,
      possibleDuplicates,
      externalId: row.externalId,
      basic: { name: row.name, phones, emails, address: row.address, birthday, organization: row.organization, contactPerson: row.contactPerson },
      characteristics: { locale: row.locale, timezone: row.timezone, country: row.country, channels, preferences, tags },
      business: {
        tier: parseTier(row.tier),
        tierReason: segmentReason(row.tierReason),
        tierPinned: row.tierPinned,
        lifecycleStage: row.lifecycleStage,
        lifecycleReason: segmentReason(row.lifecycleReason),
        loyalty: row.loyalty,
        loyaltyReason: segmentReason(row.loyaltyReason),
        isKey: row.isKey,
        keyAccountManager: row.keyAccountManager,
        creditNote: row.creditNote,
        needsKeyAccountManager: row.tier === 'A' && row.keyAccountManagerId === null,
      },
      transactions,
      fieldConfirmations: confirmations,
      staleFields: staleFields(setFields, confirmations, now, this.options.cardStaleDays),
      erased: row.erasedAt !== null,
    };
  }

  /** The card's transaction status: orders that stand (not cancelled or refunded), complaints, satisfaction. */
  private async transactions(customerId: string, now: Date): Promise<CardTransactions> {
    const standing = { customerId, status: { notIn: [...VOID_ORDER_STATUSES] } };
    const yearAgo = new Date(now);
    yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
    const [all, lastYear, lastOrder, complaints, surveys] = await Promise.all([
      this.db.order.aggregate({ where: standing, _count: { _all: true }, _sum: { amountCents: true } }),
      this.db.order.aggregate({ where: { ...standing, placedAt: { gt: yearAgo, lte: now } }, _sum: { amountCents: true } }),
      this.db.order.findFirst({ where: standing, orderBy: [{ placedAt: 'desc' }, { id: 'desc' }] }),
      this.db.case.count({ where: { customerId } }),
      this.db.survey.aggregate({ where: { customerId }, _count: { _all: true }, _avg: { score: true } }),
    ]);
    return {
      orders: all._count._all,
      totalCents: all._sum.amountCents ?? 0,
      last12MonthsCents: lastYear._sum.amountCents ?? 0,
      lastOrder: lastOrder ? { number: lastOrder.number, placedAt: lastOrder.placedAt, amountCents: lastOrder.amountCents, currency: lastOrder.currency, status: lastOrder.status } : null,
      complaints,
      satisfactionAverage: surveys._avg.score === null ? null : Math.round(surveys._avg.score * 100) / 100,
      surveys: surveys._count._all,
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
      const { birthday, tags, preferences, phones, emails, confirmFields: confirmed = [], ...rest } = patch;
      const data = {
        ...rest,
        ...(birthday !== undefined ? { birthday: birthday === null ? null : new Date(`${birthday}T00:00:00Z`) } : {}),
        ...(tags !== undefined ? { tags: JSON.stringify(tags) } : {}),
        ...(preferences !== undefined ? { preferences: JSON.stringify(preferences) } : {}),
      };
      // A number typed in by staff is not proven by a channel: it stops being a merge target.
      const unverified = patch.phone !== undefined && patch.phone !== before.phone ? { phoneVerifiedAt: null } : {};
      const after = await tx.customer.update({ where: { id: customerId }, data: { ...data, ...unverified, updatedAt: now } });
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of Object.keys(data) as (keyof typeof data)[]) {
        const from = comparable(field, before[field]);
        const to = comparable(field, after[field]);
        if (JSON.stringify(from) !== JSON.stringify(to)) diff[field] = { from, to };
      }
      if (phones !== undefined)
        Object.assign(
          diff,
          await replaceContactPoints(
            tx,
            customerId,
            'phone',
            phones.filter((p) => p !== after.phone),
            now,
          ),
        );
      if (emails !== undefined)
        Object.assign(
          diff,
          await replaceContactPoints(
            tx,
            customerId,
            'email',
            emails.filter((e) => e !== after.email?.toLowerCase()),
            now,
          ),
        );
      // What staff changed or checked is confirmed by them; then what the card can now infer (country, time zone).
      const edited = CONFIRMABLE_FIELDS.filter((field) => field in diff || confirmed.includes(field));
      const byStaff = confirmFields(readConfirmations(parseObject(before.fieldConfirmations)), edited, `staff:${actorId}`, now);
      const region = updateCardRegion(after, byStaff, { phoneCountry: after.phone ? phoneCountry(after.phone) : undefined, locale: after.locale }, now);
      await tx.customer.update({ where: { id: customerId }, data: { ...region.changes, fieldConfirmations: JSON.stringify(writeConfirmations(region.confirmations)) } });
      if (Object.keys(diff).length > 0) await audit(tx, { actorId, action: 'customer.updated', entity: 'Customer', entityId: customerId, details: diff, now });
      const onlyConfirmed = confirmed.filter((field) => !(field in diff));
      if (onlyConfirmed.length > 0) await audit(tx, { actorId, action: 'customer.fields_confirmed', entity: 'Customer', entityId: customerId, details: { fields: onlyConfirmed }, now });
      return true;
    });
    return changed ? this.getCustomer(customerId) : null;
  }

  async logStaffReply(conversationId: string, staffId: string, now: Date): Promise<void> {
    const conversation = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { customerId: true, channel: true } });
    if (!conversation) return;
    // One entry per conversation, staff member and (UTC) day, whatever the number of messages: its id says which.
    const id = contactIdFor(`staff_reply:${conversationId}:${staffId}:${now.toISOString().slice(0, 10)}`);
    await this.db.$transaction([
      this.db.contact.upsert({
        where: { id },
        create: {
          id,
          customerId: conversation.customerId,
          conversationId,
          kind: 'staff_reply',
          channel: conversation.channel,
          summary: 'staff replied in the chat',
          staffId,
          createdAt: now,
          updatedAt: now,
        },
        update: { updatedAt: now },
      }),
      this.db.customer.updateMany({ where: { id: conversation.customerId, OR: [{ lastContactAt: null }, { lastContactAt: { lt: now } }] }, data: { lastContactAt: now } }),
      // Ends the SLA first-reply timer of this handoff.
      this.db.conversation.update({ where: { id: conversationId }, data: { lastStaffReplyAt: now } }),
    ]);
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
  lastStaffReplyAt: Date | null;
  customer: { id: string; name: string | null; tier: string; isKey: boolean };
  assignedStaff: StaffRef | null;
}

function toQueueItem(row: QueueRow, now: Date): QueueItem {
  return {
    id: row.id,
    status: parseConversationStatus(row.status),
    channel: row.channel,
    language: row.locale,
    priority: row.priority,
    queueReason: row.queueReason,
    queuedAt: row.queuedAt,
    waitingSeconds: row.queuedAt ? Math.max(0, Math.round((now.getTime() - row.queuedAt.getTime()) / 1000)) : null,
    lastMessageAt: row.lastMessageAt,
    lastStaffReplyAt: row.lastStaffReplyAt,
    customer: { id: row.customer.id, name: row.customer.name, tier: parseTier(row.customer.tier), isKey: row.customer.isKey },
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

function comparable(field: string, value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // JSON columns are audited as what they hold.
  if (field === 'tags' && typeof value === 'string') return parseStringArray(value);
  if (field === 'preferences' && typeof value === 'string') return parseObject(value);
  return value;
}

/** Makes the customer's further phones or emails exactly `values`; the change as an audit diff entry. */
async function replaceContactPoints(tx: DbTx, customerId: string, kind: 'phone' | 'email', values: string[], now: Date): Promise<Record<string, { from: string[]; to: string[] }>> {
  const wanted = [...new Set(values)];
  const current = await tx.contactPoint.findMany({ where: { customerId, kind }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const gone = current.filter((p) => !wanted.includes(p.value));
  const added = wanted.filter((value) => !current.some((p) => p.value === value));
  if (gone.length === 0 && added.length === 0) return {};
  if (gone.length > 0) await tx.contactPoint.deleteMany({ where: { id: { in: gone.map((p) => p.id) } } });
  for (const value of added) await tx.contactPoint.create({ data: { id: randomUUID(), customerId, kind, value, createdAt: now } });
  const field: ConfirmableField = kind === 'phone' ? 'phones' : 'emails';
  return { [field]: { from: current.map((p) => p.value), to: [...current.filter((p) => wanted.includes(p.value)).map((p) => p.value), ...added] } };
}

/** A UUID-shaped id derived from a key, so the same key always names the same row. */
function contactIdFor(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A reason column as the card shows it (see domain/segments/segment-reason.ts for how it is stored). */
function segmentReason(stored: string | null): CardSegmentReason | null {
  const why = parseStoredReason(stored);
  return why ? { rule: why.rule, zh: why.reason.zh, en: why.reason.en } : null;
}

/** A pinned tier's audit entry ({from, to, reason}) as a card edit. */
function tierPinChanges(details: Record<string, unknown>): ProfileChange['changes'] {
  return { tier: { from: details.from, to: details.to } };
}
