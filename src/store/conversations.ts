// Conversations, their messages, and the transactional write of one turn with all its effects.
// This is the per-message hot path, so it runs on the SQL drivers (see sql/sql-driver.ts).

import { randomUUID } from 'node:crypto';
import {
  type CommitmentView,
  type QueuePlace,
  DuplicateMessageError,
  StaleConversationError,
  type ConversationRecord,
  type ConversationStore,
  type LoadedConversation,
  type OpenedConversation,
  type StoredMessage,
  type TurnWrite,
  type TurnWritten,
} from '../conversation/ports.ts';
import type { Effect, FollowUpPlan } from '../domain/flow/effects.ts';
import { maskSensitiveNumbers } from '../domain/pii-mask.ts';
import { planBotRating, recordRatingComment, recordRatingScore } from './chat-ratings.ts';
import { parseConversationStatus, parseTier, type ConversationStatus, type Language } from '../domain/types.ts';
import { MESSAGE_COLUMNS, toStoredMessage, type MessageRow } from './message-mapper.ts';
import { confirmGivenInChat } from './card-confirmations-sql.ts';
import { insertMessage, insertSystemAudit } from './sql/common-rows.ts';
import { valuesPlaceholders } from './sql/sql-batches.ts';
import { toDate, UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlTransaction, type SqlValue } from './sql/sql-driver.ts';

/** How stale a customer's lastContactAt may be before a turn writes it again. */
const LAST_CONTACT_GRAIN_MS = 60_000;
/** The text PostgreSQL fails to read as a number when a turn's conversation changed under it (staleFailsInDatabase). */
const STALE_VERSION = 'stale conversation version';

/** A conversation and its customer, in one read (the turn needs both). */
const LOADED_COLUMNS = `c."id", c."customerId", c."identityId", c."channel", c."status", c."flowState", c."version", c."locale",
       u."name" AS "cName", u."phone" AS "cPhone", u."email" AS "cEmail", u."tier" AS "cTier", u."timezone" AS "cTimezone", u."locale" AS "cLocale"`;
const LOADED_FROM = `FROM "Conversation" c JOIN "Customer" u ON u."id" = c."customerId"`;
const LOADED_SELECT = `SELECT ${LOADED_COLUMNS} ${LOADED_FROM}`;
/** The same, and whether a message with a given channel message id exists (the first parameter). */
const LOADED_SELECT_SEEN = `SELECT (SELECT COUNT(*) FROM "Message" WHERE "channelMessageId" = ?) AS "seen", ${LOADED_COLUMNS} ${LOADED_FROM}`;
// The per-message statements are whole constants, not texts put together per call: the drivers
// find a prepared statement by its text, and a text built anew is copied and hashed on every lookup.
const OPEN_OF_IDENTITY_SEEN = `${LOADED_SELECT_SEEN} WHERE c."identityId" = ? AND c."status" <> 'closed' ORDER BY c."createdAt" DESC LIMIT 1`;
const LOADED_BY_ID = `${LOADED_SELECT} WHERE c."id" = ?`;

interface ConversationRow {
  id: string;
  customerId: string;
  identityId: string;
  channel: string;
  status: string;
  flowState: string;
  version: number;
  locale: string;
}

export class SqlConversationStore implements ConversationStore {
  constructor(private readonly sql: SqlDriver) {}

  /**
   * The identity's open conversation, or a new one (in `locale`, else the customer's), with its
   * customer. With `messageId`, also whether a message with that channel message id was processed
   * already (same read); if it was and no conversation is open, the one it went to, not a new one.
   */
  async openConversation(identityId: string, customerId: string, channel: string, locale?: Language, messageId?: string): Promise<OpenedConversation> {
    const open = await this.findOpen(identityId, messageId);
    if (open) return open;
    if (messageId) {
      const seen = await this.findProcessed(messageId);
      const earlier = seen && (await this.loadConversation(seen.inbound.conversationId));
      if (earlier) return { ...earlier, alreadyProcessed: true };
    }
    const now = new Date();
    try {
      await this.sql.quick.execute(
        // One row of VALUES: SQLite runs INSERT … SELECT as a loop over the select (twice the cost).
        `INSERT INTO "Conversation" ("id", "customerId", "identityId", "channel", "locale", "lastMessageAt", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, COALESCE(?, (SELECT "locale" FROM "Customer" WHERE "id" = ?)), ?, ?, ?)`,
        [randomUUID(), customerId, identityId, channel, locale ?? null, customerId, now, now, now],
      );
    } catch (error) {
      // Another request opened it first; the unique index on open conversations guarantees one.
      if (!(error instanceof UniqueViolationError)) throw error;
    }
    const created = await this.findOpen(identityId, messageId);
    if (!created) throw new Error(`could not open a conversation for identity ${identityId}`);
    return created;
  }

  private async findOpen(identityId: string, messageId: string | undefined): Promise<OpenedConversation | null> {
    const [row] = await this.sql.quick.query<LoadedRow & { seen: number | string }>(OPEN_OF_IDENTITY_SEEN, [messageId ?? null, identityId]);
    return row ? { ...toLoaded(row), alreadyProcessed: Number(row.seen) > 0 } : null;
  }

  async loadConversation(conversationId: string): Promise<LoadedConversation | null> {
    const [row] = await this.sql.quick.query<LoadedRow>(LOADED_BY_ID, [conversationId]);
    return row ? toLoaded(row) : null;
  }

  async findProcessed(channelMessageId: string): Promise<{ inbound: StoredMessage; replies: StoredMessage[] } | null> {
    const [inbound] = await this.sql.quick.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "channelMessageId" = ?`, [channelMessageId]);
    if (!inbound) return null;
    const replies = await this.sql.quick.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "replyToId" = ? ORDER BY "id"`, [inbound.id]);
    return { inbound: toStoredMessage(inbound), replies: replies.map(toStoredMessage) };
  }

  async history(conversationId: string, afterId = 0): Promise<StoredMessage[]> {
    const rows = await this.sql.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = ? AND "id" > ? ORDER BY "id" LIMIT 500`, [conversationId, afterId]);
    return rows.map(toStoredMessage);
  }

  async recentMessages(conversationId: string, limit: number): Promise<StoredMessage[]> {
    const rows = await this.sql.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "conversationId" = ? ORDER BY "id" DESC LIMIT ?`, [conversationId, limit]);
    return rows.reverse().map(toStoredMessage);
  }

  async customerHistory(customerId: string, limit = 500): Promise<(StoredMessage & { channel: string })[]> {
    const rows = await this.sql.query<MessageRow & { channel: string; undeliveredAt: Date | string | null; deliveryError: string | null }>(
      `SELECT m."id", m."conversationId", m."author", m."text", m."choices", m."channelMessageId", m."createdAt", c."channel", m."undeliveredAt", m."deliveryError"
         FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
        WHERE c."customerId" = ? ORDER BY m."id" DESC LIMIT ?`,
      [customerId, limit],
    );
    return rows.reverse().map((row) => ({
      ...toStoredMessage(row),
      channel: row.channel,
      ...(row.undeliveredAt ? { undelivered: { at: toDate(row.undeliveredAt), reason: row.deliveryError ?? '' } } : {}),
    }));
  }

  async queuePlace(conversationId: string): Promise<QueuePlace | null> {
    const rows = await this.sql.query<{ id: string; priority: number; queuedAt: unknown; createdAt: unknown; delayNoticeAt: unknown }>(
      `SELECT "id", "priority", "queuedAt", "createdAt", "delayNoticeAt" FROM "Conversation" WHERE "status" = 'queued'`,
    );
    const since = (row: (typeof rows)[number]) => toDate(row.queuedAt ?? row.createdAt);
    const mine = rows.find((row) => row.id === conversationId);
    if (!mine) return null;
    // The console's order: most urgent first, then longest waiting.
    const ahead = rows.filter((row) => row.priority > mine.priority || (row.priority === mine.priority && since(row) < since(mine))).length;
    const waitingSince = since(mine);
    return { position: ahead + 1, waitingSince, delayNoticed: mine.delayNoticeAt != null && toDate(mine.delayNoticeAt) >= waitingSince };
  }

  async openCommitments(conversationId: string): Promise<CommitmentView[]> {
    const rows = await this.sql.query<{ kind: string; description: string; amountCents: number | null; currency: string | null; dueAt: unknown }>(
      `SELECT m."kind", m."description", m."amountCents", m."currency", m."dueAt" FROM "Commitment" m JOIN "Case" k ON k."id" = m."caseId"
        WHERE k."conversationId" = ? AND m."status" = 'pending' ORDER BY m."createdAt" DESC`,
      [conversationId],
    );
    return rows.map((row) => ({ ...row, amountCents: row.amountCents === null ? null : Number(row.amountCents), dueAt: toDate(row.dueAt) }));
  }

  async commitTurn(write: TurnWrite): Promise<TurnWritten> {
    try {
      return await this.sql.transaction((tx) => writeTurn(tx, write));
    } catch (error) {
      if (error instanceof UniqueViolationError && error.message.includes('channelMessageId')) {
        throw new DuplicateMessageError('message already processed', { cause: error });
      }
      if (isStaleInDatabase(error)) throw new StaleConversationError(`conversation ${write.conversation.id} changed during the turn`, { cause: error });
      throw error;
    }
  }

  async appendMessage(conversationId: string, message: { author: 'staff' | 'system'; staffId?: string; text: string; choices?: string[]; now: Date; deliveryDueAt?: Date }): Promise<StoredMessage> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<MessageRow>(
        `INSERT INTO "Message" ("conversationId", "direction", "author", "staffId", "text", "choices", "createdAt", "deliveryDueAt")
         VALUES (?, 'out', ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS}`,
        // What staff write is kept like what customers write: card and ID numbers masked (see domain/pii-mask.ts).
        [
          conversationId,
          message.author,
          message.staffId ?? null,
          maskSensitiveNumbers(message.text),
          message.choices?.length ? JSON.stringify(message.choices) : null,
          message.now,
          message.deliveryDueAt ?? null,
        ],
      );
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      await tx.execute('UPDATE "Conversation" SET "lastMessageAt" = ? WHERE "id" = ?', [message.now, conversationId]);
      return toStoredMessage(row);
    });
  }
}

/**
 * Every write of the turn is issued at once: on PostgreSQL they travel pipelined between the BEGIN
 * and the COMMIT, one write and one round trip for the turn. Each is issued in order, so they run
 * in order on either database (the replies after the inbound message they answer, an effect after
 * the one whose row it uses). A turn that updates the customer's card reads the card between its
 * writes (see updateCustomer), so its COMMIT waits for their answers.
 */
async function writeTurn(tx: SqlTransaction, write: TurnWrite): Promise<TurnWritten> {
  const { conversation, now } = write;
  const status = statusAfter(conversation.status, write.effects);
  const issue = () =>
    Promise.all([
      insertMessage(tx, {
        conversationId: conversation.id,
        direction: 'in',
        author: 'customer',
        text: write.inbound.text,
        channelMessageId: write.inbound.channelMessageId ?? null,
        nlu: write.inbound.nlu ? JSON.stringify(write.inbound.nlu) : null,
        now,
      }),
      updateConversation(tx, write, status),
      Promise.all(
        write.replies.map((reply) =>
          insertMessage(tx, {
            conversationId: conversation.id,
            direction: 'out',
            author: 'bot',
            text: reply.text,
            choices: reply.choices?.length ? JSON.stringify(reply.choices) : null,
            answersLatestInbound: true,
            deliveryDueAt: write.deliveryDueAt ?? null,
            now,
          }),
        ),
      ),
      applyEffects(tx, write),
      upsertContact(tx, write),
      recordCrisisNotice(tx, write),
      // To the minute: a conversation's every message need not rewrite the customer's row.
      tx.execute('UPDATE "Customer" SET "lastContactAt" = ?, "updatedAt" = ? WHERE "id" = ? AND ("lastContactAt" IS NULL OR "lastContactAt" < ?)', [
        now,
        now,
        write.customerId,
        new Date(now.getTime() - LAST_CONTACT_GRAIN_MS),
      ]),
    ]);
  const readsCard = write.effects.some((effect) => effect.type === 'updateCustomer');
  const [inbound, updated, replies] = await (readsCard ? issue() : tx.commitWith(issue));
  // Reached on SQLite only: PostgreSQL failed the update itself, in the same transaction (staleFailsInDatabase).
  if (!updated.matched) throw new StaleConversationError(`conversation ${conversation.id} changed during the turn`);
  return { inbound, replies, contactId: write.contact.id, status, ...(updated.queue ? { queue: updated.queue } : {}) };
}

/** The conversation's new state, if it is still at the version the turn read; after an escalation, its place in the queue. */
async function updateConversation(tx: SqlExecutor, write: TurnWrite, status: ConversationStatus): Promise<{ matched: boolean; queue?: { priority: number; reason: string } }> {
  const escalation = write.effects.find((e): e is Extract<Effect, { type: 'escalate' }> => e.type === 'escalate');
  const { statement, params } = conversationUpdate(write, status, escalation);
  const [row] = await tx.query<{ priority: number; queueReason: string }>(tx.dialect === 'postgres' ? statement.staleFails : statement.sql, params);
  if (!row) return { matched: false };
  return escalation ? { matched: true, queue: { priority: Number(row.priority), reason: row.queueReason } } : { matched: true };
}

/** An UPDATE of the conversation matching only the version the turn read, and its PostgreSQL form that fails when it matched none. */
interface VersionedUpdate {
  sql: string;
  staleFails: string;
}

function versioned(update: string): VersionedUpdate {
  const sql = `${update} WHERE "id" = ? AND "version" = ? RETURNING "priority", "queueReason"`;
  return { sql, staleFails: staleFailsInDatabase(sql) };
}

// A conversation already waiting keeps its place (queuedAt) and never becomes less urgent: a
// new escalation only raises its priority, and the reason goes with the higher priority.
const ESCALATE = versioned(`UPDATE "Conversation" SET "flowState" = ?, "version" = "version" + 1, "status" = ?, "locale" = ?, "lastMessageAt" = ?, "updatedAt" = ?,
    "priority" = CASE WHEN "status" = 'queued' AND "priority" > ? THEN "priority" ELSE ? END,
    "queueReason" = CASE WHEN "status" = 'queued' AND "priority" > ? THEN "queueReason" ELSE ? END,
    "queuedAt" = CASE WHEN "status" = 'queued' AND "queuedAt" IS NOT NULL THEN "queuedAt" ELSE ? END`);
// Status left out when it stays: SQLite rewrites the entries of every index on a column that is SET, changed or not.
const KEEP_STATUS = versioned(`UPDATE "Conversation" SET "flowState" = ?, "version" = "version" + 1, "locale" = ?, "lastMessageAt" = ?, "updatedAt" = ?`);
const NEW_STATUS = versioned(`UPDATE "Conversation" SET "flowState" = ?, "version" = "version" + 1, "status" = ?, "locale" = ?, "lastMessageAt" = ?, "updatedAt" = ?,
    "assignedStaffId" = CASE WHEN ? THEN NULL ELSE "assignedStaffId" END, "queueReason" = CASE WHEN ? THEN NULL ELSE "queueReason" END`);

/** The UPDATE of the conversation and its parameters. */
function conversationUpdate(write: TurnWrite, status: ConversationStatus, escalation: Extract<Effect, { type: 'escalate' }> | undefined): { statement: VersionedUpdate; params: SqlValue[] } {
  const { conversation, now } = write;
  if (escalation) {
    return {
      statement: ESCALATE,
      params: [write.flowState, status, write.locale, now, now, escalation.priority, escalation.priority, escalation.priority, escalation.reason, now, conversation.id, conversation.version],
    };
  }
  if (status === conversation.status) {
    return { statement: KEEP_STATUS, params: [write.flowState, write.locale, now, now, conversation.id, conversation.version] };
  }
  // A customer who leaves the queue ("never mind") is no longer anyone's to take.
  const leftQueue = conversation.status === 'queued' && status === 'bot';
  return { statement: NEW_STATUS, params: [write.flowState, status, write.locale, now, now, leftQueue, leftQueue, conversation.id, conversation.version] };
}

/**
 * PostgreSQL: the update as a statement that fails when it matched no row. Its COMMIT is sent with
 * it, so the check cannot wait for the answer; a failed statement aborts the transaction instead.
 * The failing cast is of a CASE on the row count: an expression of constants alone (1/0) would be
 * folded, and fail, when the statement is planned.
 */
function staleFailsInDatabase(update: string): string {
  return `WITH "updated" AS (${update})
    SELECT CAST(CASE WHEN COUNT(*) = 0 THEN '${STALE_VERSION}' ELSE '1' END AS INTEGER) AS "matched", MAX("priority") AS "priority", MAX("queueReason") AS "queueReason"
      FROM "updated"`;
}

/** The error of staleFailsInDatabase: invalid_text_representation, naming our text. */
function isStaleInDatabase(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === '22P02' && error.message.includes(STALE_VERSION);
}

/** Issued together, in order: an effect may use a row an earlier one wrote (a case, a commitment), never an answer. */
async function applyEffects(tx: SqlExecutor, write: TurnWrite): Promise<void> {
  await Promise.all(write.effects.map((effect) => applyEffect(tx, write, effect)));
}

function statusAfter(current: ConversationStatus, effects: Effect[]): ConversationStatus {
  let status = current;
  for (const effect of effects) if (effect.type === 'setStatus') status = effect.status;
  return status;
}

async function applyEffect(tx: SqlExecutor, write: TurnWrite, effect: Effect): Promise<void> {
  const { customerId, conversation, now } = write;
  switch (effect.type) {
    case 'openCase': {
      const opened = tx.execute(
        // The customer's tier now, kept with the case: caps follow it, not later tier edits.
        `INSERT INTO "Case" ("id", "customerId", "conversationId", "category", "emotion", "customerTier", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, (SELECT "tier" FROM "Customer" WHERE "id" = ?), ?, ?)`,
        [effect.caseId, customerId, conversation.id, effect.category, effect.emotion, customerId, now, now],
      );
      await Promise.all([opened, insertCaseKeywords(tx, effect.caseId, effect.keywords ?? [], now)]);
      return;
    }
    case 'updateCase': {
      const u = effect.update;
      await tx.execute(
        `UPDATE "Case" SET "step" = ?, "maxStep" = CASE WHEN "maxStep" < ? THEN ? ELSE "maxStep" END, "category" = ?, "emotion" = ?, "facts" = ?, "offered" = ?, "evidence" = ?, "updatedAt" = ?,
                "status" = COALESCE(?, "status"), "agreedSolution" = COALESCE(?, "agreedSolution") WHERE "id" = ?`,
        [u.step, u.step, u.step, u.category, u.emotion, JSON.stringify(u.facts), JSON.stringify(u.offered), JSON.stringify(u.evidence), now, u.status ?? null, u.agreedSolution ?? null, u.caseId],
      );
      return;
    }
    case 'recordCommitment': {
      const c = effect.commitment;
      const commitment = tx.execute(
        `INSERT INTO "Commitment" ("id", "caseId", "customerId", "kind", "amountCents", "currency", "description", "dueAt", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [c.id, c.caseId, customerId, c.kind, c.amountCents ?? null, c.currency, c.description, c.dueAt, now, now],
      );
      await Promise.all([commitment, ...effect.followUps.map((f) => insertFollowUp(tx, customerId, f, now, conversation.id))]);
      return;
    }
    case 'scheduleFollowUp':
      await insertFollowUp(tx, customerId, effect.followUp, now, conversation.id);
      return;
    case 'escalate':
      await insertSystemAudit(tx, {
        action: 'conversation.escalated',
        entity: 'Conversation',
        entityId: conversation.id,
        details: JSON.stringify({ reason: effect.reason, priority: effect.priority, summary: effect.summary, summaries: effect.summaries }),
        now,
      });
      return;
    case 'updateCustomer':
      await updateCustomer(tx, customerId, effect, now);
      return;
    case 'optOut':
      await tx.execute('UPDATE "Customer" SET "optOutGreetings" = ?, "optOutMarketing" = ?, "updatedAt" = ? WHERE "id" = ?', [true, true, now, customerId]);
      return;
    case 'setStatus':
      return; // folded into the conversation update above
    case 'recordSurvey': {
      const s = effect.survey;
      const survey = tx.execute(
        `INSERT INTO "Survey" ("id", "caseId", "customerId", "score", "expected", "perceived", "ratio", "satisfied", "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [s.id, s.caseId, customerId, s.score, `${s.expected}/5`, `${s.score}/5`, s.ratio, s.satisfied, now],
      );
      // Seed 002, step 5: the case closes only when the customer confirms; unhappy reopens it.
      const closing = tx.execute('UPDATE "Case" SET "status" = ?, "closedAt" = ?, "updatedAt" = ? WHERE "id" = ?', [s.satisfied ? 'closed' : 'reopened', s.satisfied ? now : null, now, s.caseId]);
      await Promise.all([survey, closing]);
      return;
    }
    case 'askRating':
      await planBotRating(tx, { ratingId: effect.ratingId, followUpId: effect.followUpId, conversationId: conversation.id, customerId, channel: conversation.channel, language: effect.language, now });
      return;
    case 'recordRating':
      await recordRatingScore(tx, effect.rating, now);
      return;
    case 'recordRatingComment':
      await recordRatingComment(tx, effect.ratingId, effect.comment);
      return;
  }
}

/**
 * A dedupe key already taken means the follow-up is already planned: nothing more to write. A
 * revisit of a commitment waits until the commitment is fulfilled (its due time is then reset).
 */
async function insertFollowUp(tx: SqlExecutor, customerId: string, f: FollowUpPlan, now: Date, conversationId: string): Promise<void> {
  const status = f.kind === 'revisit' && f.commitmentId ? 'waiting' : 'scheduled';
  await tx.execute(
    `INSERT INTO "FollowUp" ("id", "customerId", "caseId", "commitmentId", "kind", "dueAt", "status", "dedupeKey", "conversationId", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
    [f.id, customerId, f.caseId ?? null, f.commitmentId ?? null, f.kind, f.dueAt, status, f.dedupeKey, conversationId, now, now],
  );
}

/**
 * Reads before it writes: a new order number joins the ones the card holds, and what the customer
 * gave confirms those fields of the card (card-confirmations-sql.ts reads it again for that).
 */
async function updateCustomer(tx: SqlExecutor, customerId: string, effect: Extract<Effect, { type: 'updateCustomer' }>, now: Date): Promise<void> {
  let attributes: string | null = null;
  if (effect.orderNumber) {
    const [row] = await tx.query<{ attributes: string }>('SELECT "attributes" FROM "Customer" WHERE "id" = ?', [customerId]);
    const parsed = JSON.parse(row?.attributes ?? '{}') as { orderNumbers?: string[] };
    const orders = parsed.orderNumbers ?? [];
    if (!orders.includes(effect.orderNumber)) attributes = JSON.stringify({ ...parsed, orderNumbers: [...orders, effect.orderNumber] });
  }
  if (!effect.name && !effect.phone && !effect.email && attributes === null) return;
  await tx.execute(
    // A typed number that replaces a verified one is not verified: the card stops being a merge target for it.
    `UPDATE "Customer" SET "name" = COALESCE(?, "name"), "phone" = COALESCE(?, "phone"), "email" = COALESCE(?, "email"),
            "phoneVerifiedAt" = CASE WHEN COALESCE(?, "phone") = "phone" THEN "phoneVerifiedAt" ELSE NULL END,
            "attributes" = COALESCE(?, "attributes"), "updatedAt" = ? WHERE "id" = ?`,
    [effect.name ?? null, effect.phone ?? null, effect.email ?? null, effect.phone ?? null, attributes, now, customerId],
  );
  await confirmGivenInChat(tx, customerId, effect, now);
}

async function upsertContact(tx: SqlExecutor, write: TurnWrite): Promise<void> {
  const { contact, now } = write;
  await tx.execute(
    `INSERT INTO "Contact" ("id", "customerId", "conversationId", "kind", "channel", "summary", "outcome", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "kind" = excluded."kind", "summary" = excluded."summary", "outcome" = excluded."outcome", "updatedAt" = excluded."updatedAt"
     WHERE "Contact"."kind" IS DISTINCT FROM excluded."kind" OR "Contact"."summary" IS DISTINCT FROM excluded."summary" OR "Contact"."outcome" IS DISTINCT FROM excluded."outcome"`,
    [contact.id, write.customerId, write.conversation.id, contact.kind, write.conversation.channel, contact.summary, contact.outcome, now, now],
  );
}

type LoadedRow = ConversationRow & { cName: string | null; cPhone: string | null; cEmail: string | null; cTier: string; cTimezone: string; cLocale: string };

function toLoaded(row: LoadedRow): LoadedConversation {
  return {
    conversation: toConversation(row),
    customer: { id: row.customerId, name: row.cName, phone: row.cPhone, email: row.cEmail, tier: parseTier(row.cTier), timezone: row.cTimezone, locale: row.cLocale },
  };
}

function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    identityId: row.identityId,
    channel: row.channel,
    status: parseConversationStatus(row.status),
    flowState: row.flowState,
    version: Number(row.version),
    locale: row.locale,
  };
}

/** A customer told an incident's holding statement: what the incident's report counts and its close updates. */
async function recordCrisisNotice(tx: SqlExecutor, write: TurnWrite): Promise<void> {
  const notice = write.crisisNotice;
  if (!notice) return;
  await tx.execute(
    `INSERT INTO "CrisisNotice" ("id", "incidentId", "customerId", "conversationId", "caseId", "language", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("incidentId", "conversationId") DO NOTHING`,
    [randomUUID(), notice.incidentId, write.customerId, write.conversation.id, notice.caseId, notice.language, write.now],
  );
}

/** The crisis signal's keywords of a new case, in one statement (issued after the case's INSERT). */
async function insertCaseKeywords(tx: SqlExecutor, caseId: string, keywords: readonly string[], now: Date): Promise<void> {
  if (!keywords.length) return;
  const params: SqlValue[] = [];
  for (const keyword of keywords) params.push(caseId, keyword, now);
  await tx.execute(`INSERT INTO "CaseKeyword" ("caseId", "keyword", "createdAt") VALUES ${valuesPlaceholders(keywords.length, 3)}`, params);
}
