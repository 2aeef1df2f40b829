// A customer's data for the rights routes: the export (all of it, secrets left out) and the
// erasure (personal data replaced, rows kept so the counts and the timeline still add up), each
// audited without personal data. On Prisma: off the hot path, same code for both databases.

import { randomUUID } from 'node:crypto';
import type { CustomerExport, ErasureCounts, ErasureResult, PrivacyStore } from '../console/privacy/privacy-ports.ts';
import { ERASED_TEXT } from '../domain/redaction.ts';
import type { Db, DbTx } from './db-types.ts';

/** Follow-ups not sent yet: the erasure cancels them (nobody is to be contacted any more). */
const PENDING_FOLLOW_UPS = ['waiting', 'scheduled', 'queued', 'sending'];
/** Large customers take a while; the default of 5 s would abort the erasure half-way (and roll it back). */
const TRANSACTION = { timeout: 120_000, maxWait: 30_000 };

export class PrismaPrivacyStore implements PrivacyStore {
  constructor(private readonly db: Db) {}

  async exportCustomer(customerId: string, actorId: string, now: Date): Promise<CustomerExport | null> {
    const customer = await this.db.customer.findUnique({ where: { id: customerId } });
    if (!customer) return null;
    const [identities, conversations, contacts, cases, commitments, followUps, surveys, notes, contactPoints, orders, segmentChanges, chatRatings, approvals] = await Promise.all([
      // Never the web chat secret's hash, nor the Bot Framework reference (routing data, not theirs).
      this.db.channelIdentity.findMany({
        where: { customerId },
        select: { id: true, channel: true, externalId: true, reachable: true, lastSeenAt: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      }),
      this.db.conversation.findMany({
        where: { customerId },
        select: {
          id: true,
          channel: true,
          status: true,
          locale: true,
          createdAt: true,
          closedAt: true,
          lastMessageAt: true,
          messages: { select: { id: true, direction: true, author: true, text: true, choices: true, nlu: true, createdAt: true }, orderBy: { id: 'asc' } },
        },
        orderBy: { createdAt: 'asc' },
      }),
      this.db.contact.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
      this.db.case.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
      this.db.commitment.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
      this.db.followUp.findMany({
        where: { customerId },
        select: { id: true, kind: true, status: true, dueAt: true, sentAt: true, caseId: true, commitmentId: true, conversationId: true, payload: true, createdAt: true },
        orderBy: { dueAt: 'asc' },
      }),
      this.db.survey.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
      this.db.note.findMany({
        where: { conversation: { customerId } },
        select: { id: true, conversationId: true, text: true, createdAt: true, staff: { select: { name: true } } },
        orderBy: { createdAt: 'asc' },
      }),
      this.db.contactPoint.findMany({ where: { customerId }, select: { kind: true, value: true, createdAt: true }, orderBy: { createdAt: 'asc' } }),
      this.db.order.findMany({ where: { customerId }, orderBy: { placedAt: 'asc' } }),
      this.db.segmentChange.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
      this.db.chatRating.findMany({ where: { customerId }, orderBy: { askedAt: 'asc' } }),
      this.db.approval.findMany({ where: { customerId }, orderBy: { createdAt: 'asc' } }),
    ]);
    const data: CustomerExport = {
      exportedAt: now.toISOString(),
      customer: {
        ...customer,
        attributes: parseJson(customer.attributes),
        tags: parseJson(customer.tags),
        preferences: parseJson(customer.preferences),
        fieldConfirmations: parseJson(customer.fieldConfirmations),
      },
      furtherPhonesAndEmails: contactPoints,
      orders,
      segmentChanges,
      identities,
      conversations: conversations.map((c) => ({
        ...c,
        messages: c.messages.map((m) => ({ ...m, choices: m.choices === null ? null : parseJson(m.choices), nlu: m.nlu === null ? null : parseJson(m.nlu) })),
      })),
      contacts,
      cases: cases.map((c) => ({ ...c, facts: parseJson(c.facts), offered: parseJson(c.offered), evidence: parseJson(c.evidence) })),
      commitments,
      approvals,
      followUps: followUps.map((f) => ({ ...f, payload: parseJson(f.payload) })),
      surveys,
      chatRatings,
      notes: notes.map((n) => ({ id: n.id, conversationId: n.conversationId, text: n.text, createdAt: n.createdAt, by: n.staff.name })),
    };
    const counts = { conversations: conversations.length, messages: conversations.reduce((n, c) => n + c.messages.length, 0), cases: cases.length, followUps: followUps.length, notes: notes.length };
    await audit(this.db, { actorId, action: 'customer.exported', entityId: customerId, details: counts, now });
    // Dates become ISO strings here, the way the file is read.
    return JSON.parse(JSON.stringify(data)) as CustomerExport;
  }

  async eraseCustomer(customerId: string, actorId: string, now: Date): Promise<ErasureResult> {
    return this.db.$transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { id: true } });
      if (!customer) return { refused: 'not_found' } as const;
      const conversations = await tx.conversation.findMany({ where: { customerId }, select: { id: true, status: true } });
      const handled = conversations.filter((c) => c.status === 'human').map((c) => c.id);
      if (handled.length) return { refused: 'in_human_hands', conversationIds: handled } as const;
      const conversationIds = conversations.map((c) => c.id);
      const open = conversations.filter((c): c is { id: string; status: 'bot' | 'queued' } => c.status === 'bot' || c.status === 'queued');
      // Nobody can reach the person through these any more: they close, out of the queue.
      if (open.length) {
        await tx.conversation.updateMany({
          where: { id: { in: open.map((c) => c.id) } },
          data: { status: 'closed', closedAt: now, assignedStaffId: null, queueReason: null, queuedAt: null, priority: 0 },
        });
      }
      // The flow state holds the customer's facts; the version bump makes a turn in flight start over.
      await tx.conversation.updateMany({ where: { customerId }, data: { flowState: '{}', version: { increment: 1 }, updatedAt: now } });
      const messages = await tx.message.updateMany({ where: { conversationId: { in: conversationIds } }, data: { text: ERASED_TEXT, nlu: null, choices: null, channelMessageId: null } });
      const identities = await tx.channelIdentity.findMany({ where: { customerId }, select: { id: true } });
      // A new external id (unique per channel) and no secret: the web chat token stops working, and
      // the same Telegram or Teams user writing again starts a new, empty card.
      for (const identity of identities) {
        await tx.channelIdentity.update({ where: { id: identity.id }, data: { externalId: `erased:${identity.id}`, secretHash: null, reference: null, reachable: false, lastSeenAt: null } });
      }
      const cancelled = await tx.followUp.updateMany({
        where: { customerId, status: { in: PENDING_FOLLOW_UPS } },
        data: { status: 'cancelled', lastError: 'customer data erased', lockedUntil: null, updatedAt: now },
      });
      const followUps = await tx.followUp.updateMany({ where: { customerId }, data: { payload: '{}', updatedAt: now } });
      const notes = await tx.note.updateMany({ where: { conversationId: { in: conversationIds } }, data: { text: ERASED_TEXT } });
      const contacts = await tx.contact.updateMany({ where: { customerId }, data: { summary: ERASED_TEXT, outcome: null, impressions: null, updatedAt: now } });
      // What staff wrote down of a promise or a supervisor's reason can name the person, as a note can.
      // A request still waiting is withdrawn: nobody can be told its decision any more.
      await tx.approval.updateMany({ where: { customerId, status: 'pending' }, data: { status: 'withdrawn', updatedAt: now } });
      await tx.approval.updateMany({ where: { customerId }, data: { description: ERASED_TEXT, decisionNote: null, updatedAt: now } });
      await tx.commitment.updateMany({ where: { customerId }, data: { description: ERASED_TEXT, updatedAt: now } });
      await tx.contactPoint.deleteMany({ where: { customerId } });
      // A merge keeps the cards' fields to undo it; those name the person too (the merge can no longer be undone).
      await tx.customerMerge.updateMany({ where: { OR: [{ keptId: customerId }, { mergedId: customerId }] }, data: { snapshot: JSON.stringify({ erased: true }) } });
      const cases = await tx.case.updateMany({ where: { customerId }, data: { facts: '{}', evidence: '[]', updatedAt: now } });
      const surveys = await tx.survey.updateMany({ where: { customerId }, data: { expected: null, perceived: null } });
      // A rating's comment is the customer's own words; one not asked yet never will be (its follow-up is cancelled above).
      const chatRatings = await tx.chatRating.updateMany({ where: { customerId }, data: { comment: null } });
      await tx.chatRating.updateMany({ where: { customerId, status: 'asked', score: null }, data: { status: 'skipped' } });
      const caseIds = (await tx.case.findMany({ where: { customerId }, select: { id: true } })).map((c) => c.id);
      // Words of the customer's own complaints (the crisis signal's keywords).
      await tx.caseKeyword.deleteMany({ where: { caseId: { in: caseIds } } });
      // Who was told a crisis statement: nobody is to be sent its update any more.
      await tx.crisisNotice.deleteMany({ where: { customerId } });
      // Profile edits (old → new values) and handoff summaries name the person: what happened stays, the values go.
      const scrubbed = await tx.auditLog.updateMany({
        where: {
          OR: [
            { entity: 'Customer', entityId: customerId },
            { entity: 'Conversation', entityId: { in: conversationIds } },
            { entity: 'Case', entityId: { in: caseIds } },
          ],
        },
        data: { details: JSON.stringify({ erased: true }) },
      });
      await tx.customer.update({
        where: { id: customerId },
        data: {
          name: null,
          phone: null,
          email: null,
          country: null,
          birthday: null,
          attributes: '{}',
          externalId: null,
          address: null,
          organization: null,
          contactPerson: null,
          tags: '[]',
          preferences: '{}',
          creditNote: null,
          fieldConfirmations: '{}',
          phoneVerifiedAt: null,
          isKey: false,
          keyAccountManagerId: null,
          optOutGreetings: true,
          optOutMarketing: true,
          erasedAt: now,
          updatedAt: now,
        },
      });
      const erased: ErasureCounts = {
        conversations: conversationIds.length,
        conversationsClosed: open.length,
        messages: messages.count,
        identities: identities.length,
        followUps: followUps.count,
        followUpsCancelled: cancelled.count,
        notes: notes.count,
        contacts: contacts.count,
        cases: cases.count,
        surveys: surveys.count,
        chatRatings: chatRatings.count,
        auditEntriesScrubbed: scrubbed.count,
      };
      // Written after the scrubbing, which would otherwise blank it too; counts only, no personal data.
      await audit(tx, { actorId, action: 'customer.erased', entityId: customerId, details: erased, now });
      return { erased, erasedAt: now, closedConversations: open.map((c) => ({ id: c.id, previousStatus: c.status })) };
    }, TRANSACTION);
  }
}

async function audit(tx: DbTx, entry: { actorId: string; action: string; entityId: string; details: object; now: Date }): Promise<void> {
  await tx.auditLog.create({
    data: {
      id: randomUUID(),
      actorType: 'staff',
      actorId: entry.actorId,
      action: entry.action,
      entity: 'Customer',
      entityId: entry.entityId,
      details: JSON.stringify(entry.details),
      createdAt: entry.now,
    },
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
