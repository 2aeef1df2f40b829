// Conversations, their messages, and the transactional write of one turn with all its effects.

import { randomUUID } from 'node:crypto';
import {
  DuplicateMessageError,
  StaleConversationError,
  type ConversationRecord,
  type ConversationStore,
  type CustomerRecord,
  type StoredMessage,
  type TurnWrite,
  type TurnWritten,
} from '../conversation/ports.ts';
import type { Effect } from '../domain/flow/effects.ts';
import type { ConversationStatus, Language, Tier } from '../domain/types.ts';
import type { Db, DbTx } from './db-types.ts';
import { messageSelect, toStoredMessage } from './message-mapper.ts';

const conversationSelect = { id: true, customerId: true, identityId: true, channel: true, status: true, flowState: true, version: true, locale: true } as const;

export class PrismaConversationStore implements ConversationStore {
  constructor(private readonly db: Db) {}

  async openConversation(identityId: string, customerId: string, channel: string, locale: Language): Promise<ConversationRecord> {
    const open = await this.db.conversation.findFirst({
      where: { identityId, status: { not: 'closed' } },
      orderBy: { createdAt: 'desc' },
      select: conversationSelect,
    });
    if (open) return toConversation(open);
    const created = await this.db.conversation.create({
      data: { id: randomUUID(), identityId, customerId, channel, locale },
      select: conversationSelect,
    });
    return toConversation(created);
  }

  async loadConversation(conversationId: string): Promise<{ conversation: ConversationRecord; customer: CustomerRecord } | null> {
    const row = await this.db.conversation.findUnique({
      where: { id: conversationId },
      select: { ...conversationSelect, customer: { select: { id: true, name: true, phone: true, email: true, tier: true, timezone: true, locale: true } } },
    });
    if (!row) return null;
    const { customer, ...conversation } = row;
    return { conversation: toConversation(conversation), customer: { ...customer, tier: customer.tier as Tier } };
  }

  async findProcessed(channelMessageId: string): Promise<{ inbound: StoredMessage; replies: StoredMessage[] } | null> {
    const inbound = await this.db.message.findUnique({ where: { channelMessageId }, select: messageSelect });
    if (!inbound) return null;
    const replies = await this.db.message.findMany({ where: { replyToId: inbound.id }, orderBy: { id: 'asc' }, select: messageSelect });
    return { inbound: toStoredMessage(inbound), replies: replies.map(toStoredMessage) };
  }

  async history(conversationId: string, afterId = 0): Promise<StoredMessage[]> {
    const rows = await this.db.message.findMany({
      where: { conversationId, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: 500,
      select: messageSelect,
    });
    return rows.map(toStoredMessage);
  }

  async commitTurn(write: TurnWrite): Promise<TurnWritten> {
    try {
      return await this.db.$transaction((tx) => writeTurn(tx, write));
    } catch (error) {
      if (isUniqueViolation(error, 'channelMessageId')) throw new DuplicateMessageError('message already processed', { cause: error });
      throw error;
    }
  }
}

async function writeTurn(tx: DbTx, write: TurnWrite): Promise<TurnWritten> {
  const { conversation, now } = write;
  const inbound = await tx.message.create({
    data: {
      conversationId: conversation.id,
      direction: 'in',
      author: 'customer',
      text: write.inbound.text,
      channelMessageId: write.inbound.channelMessageId ?? null,
      nlu: write.inbound.nlu ? JSON.stringify(write.inbound.nlu) : null,
      createdAt: now,
    },
    select: messageSelect,
  });
  const status = statusAfter(conversation.status, write.effects);
  const escalation = write.effects.find((e): e is Extract<Effect, { type: 'escalate' }> => e.type === 'escalate');
  const updated = await tx.conversation.updateMany({
    where: { id: conversation.id, version: conversation.version },
    data: {
      flowState: write.flowState,
      version: { increment: 1 },
      status,
      locale: write.locale,
      lastMessageAt: now,
      ...(escalation ? { priority: escalation.priority, queueReason: escalation.reason, queuedAt: now } : {}),
    },
  });
  if (updated.count !== 1) throw new StaleConversationError(`conversation ${conversation.id} changed during the turn`);
  const replies: StoredMessage[] = [];
  for (const reply of write.replies) {
    const row = await tx.message.create({
      data: {
        conversationId: conversation.id,
        direction: 'out',
        author: 'bot',
        text: reply.text,
        choices: reply.choices?.length ? JSON.stringify(reply.choices) : null,
        replyToId: inbound.id,
        createdAt: now,
      },
      select: messageSelect,
    });
    replies.push(toStoredMessage(row));
  }
  for (const effect of write.effects) await applyEffect(tx, write, effect);
  const contactId = await writeContact(tx, write);
  await tx.customer.update({ where: { id: write.customerId }, data: { lastContactAt: now } });
  return { inbound: toStoredMessage(inbound), replies, contactId, status };
}

function statusAfter(current: ConversationStatus, effects: Effect[]): ConversationStatus {
  let status = current;
  for (const effect of effects) if (effect.type === 'setStatus') status = effect.status;
  return status;
}

async function applyEffect(tx: DbTx, write: TurnWrite, effect: Effect): Promise<void> {
  const { customerId, conversation, now } = write;
  switch (effect.type) {
    case 'openCase':
      await tx.case.create({
        data: { id: effect.caseId, customerId, conversationId: conversation.id, category: effect.category, emotion: effect.emotion, createdAt: now },
      });
      return;
    case 'updateCase': {
      const u = effect.update;
      await tx.case.update({
        where: { id: u.caseId },
        data: {
          step: u.step,
          category: u.category,
          emotion: u.emotion,
          facts: JSON.stringify(u.facts),
          offered: JSON.stringify(u.offered),
          evidence: JSON.stringify(u.evidence),
          ...(u.status ? { status: u.status } : {}),
          ...(u.agreedSolution ? { agreedSolution: u.agreedSolution } : {}),
        },
      });
      return;
    }
    case 'recordCommitment': {
      const c = effect.commitment;
      await tx.commitment.create({
        data: {
          id: c.id,
          caseId: c.caseId,
          customerId,
          kind: c.kind,
          amountCents: c.amountCents ?? null,
          currency: c.currency,
          description: c.description,
          dueAt: c.dueAt,
          createdAt: now,
        },
      });
      for (const f of effect.followUps) await createFollowUp(tx, customerId, f);
      return;
    }
    case 'scheduleFollowUp':
      await createFollowUp(tx, customerId, effect.followUp);
      return;
    case 'escalate':
      await tx.auditLog.create({
        data: {
          id: randomUUID(),
          actorType: 'system',
          action: 'conversation.escalated',
          entity: 'Conversation',
          entityId: conversation.id,
          details: JSON.stringify({ reason: effect.reason, priority: effect.priority, summary: effect.summary }),
          createdAt: now,
        },
      });
      return;
    case 'updateCustomer':
      await updateCustomer(tx, customerId, effect);
      return;
    case 'optOut':
      await tx.customer.update({ where: { id: customerId }, data: { optOutGreetings: true, optOutMarketing: true } });
      return;
    case 'setStatus':
      return; // folded into the conversation update above
  }
}

async function createFollowUp(tx: DbTx, customerId: string, f: Extract<Effect, { type: 'scheduleFollowUp' }>['followUp']): Promise<void> {
  await tx.followUp.create({
    data: {
      id: f.id,
      customerId,
      kind: f.kind,
      dueAt: f.dueAt,
      dedupeKey: f.dedupeKey,
      caseId: f.caseId ?? null,
      commitmentId: f.commitmentId ?? null,
    },
  });
}

async function updateCustomer(tx: DbTx, customerId: string, effect: Extract<Effect, { type: 'updateCustomer' }>): Promise<void> {
  const data: { name?: string; phone?: string; email?: string; attributes?: string } = {};
  if (effect.name) data.name = effect.name;
  if (effect.phone) data.phone = effect.phone;
  if (effect.email) data.email = effect.email;
  if (effect.orderNumber) {
    const row = await tx.customer.findUnique({ where: { id: customerId }, select: { attributes: true } });
    const attributes = JSON.parse(row?.attributes ?? '{}') as { orderNumbers?: string[] };
    const orders = new Set(attributes.orderNumbers ?? []);
    if (!orders.has(effect.orderNumber)) {
      attributes.orderNumbers = [...orders, effect.orderNumber];
      data.attributes = JSON.stringify(attributes);
    }
  }
  if (Object.keys(data).length > 0) await tx.customer.update({ where: { id: customerId }, data });
}

async function writeContact(tx: DbTx, write: TurnWrite): Promise<string> {
  const { contact } = write;
  await tx.contact.upsert({
    where: { id: contact.id },
    update: { kind: contact.kind, summary: contact.summary, outcome: contact.outcome },
    create: {
      id: contact.id,
      customerId: write.customerId,
      conversationId: write.conversation.id,
      kind: contact.kind,
      channel: write.conversation.channel,
      summary: contact.summary,
      outcome: contact.outcome,
      createdAt: write.now,
    },
  });
  return contact.id;
}

function toConversation(row: { id: string; customerId: string; identityId: string; channel: string; status: string; flowState: string; version: number; locale: string }): ConversationRecord {
  return { ...row, status: row.status as ConversationStatus };
}

function isUniqueViolation(error: unknown, field: string): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: unknown }; message?: string };
  return e.code === 'P2002' && JSON.stringify(e.meta ?? e.message ?? '').includes(field);
}
