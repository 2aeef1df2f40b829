// FollowUp rows, the source of truth of the follow-up jobs: the relay reads due rows, workers claim
// them with a lease, and the send is recorded (message, status, contact log) in one transaction,
// keyed by the follow-up id so a second attempt cannot store a second message.

import { randomUUID } from 'node:crypto';
import type { GreetingCustomer } from '../domain/greetings/plan-greetings.ts';
import { parseConversationStatus, parseFollowUpKind, parseFollowUpStatus, parseTier, type ConversationStatus } from '../domain/types.ts';
import type { ClaimedFollowUp, FollowUpRecord, FollowUpStore, PlannedFollowUp, PlanningStore, SendContext, SendTarget, SentRecord, SentResult } from '../jobs/follow-up-ports.ts';
import { parseObject } from './json-object.ts';
import { MESSAGE_COLUMNS, toStoredMessage, type MessageRow } from './message-mapper.ts';
import { settleUnaskedRating } from './chat-ratings.ts';
import { insertContact, insertMessage, insertSystemAudit } from './sql/common-rows.ts';
import { toDate, toDateOrNull, UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';

const FOLLOW_UP_COLUMNS =
  '"id", "customerId", "caseId", "commitmentId", "kind", "dueAt", "status", "dedupeKey", "attempts", "lastError", "payload", "conversationId", "staffId", "sentAt", "missedAt", "createdAt"';
const INSERT_CHUNK = 500;
/** A job may start a little before its rows' due time (timers, clocks of different hosts). */
const DUE_SLACK_MS = 2000;
/** A customer's message this long after a callback was promised counts as coming back about it. */
const CAME_BACK_AFTER_MS = 30 * 60_000;
/** Group commit of sends (see scheduleSentFlush): at most this many per transaction, waiting at most this long. */
const SENT_GROUP = 64;
const SENT_LINGER_MS = 10;
/** lastError of a row taken back from a worker that stopped mid-send: the message may be out already. */
const INTERRUPTED = 'interrupted mid-send';

interface FollowUpRow {
  id: string;
  customerId: string;
  caseId: string | null;
  commitmentId: string | null;
  kind: string;
  dueAt: unknown;
  status: string;
  dedupeKey: string;
  attempts: number;
  lastError: string | null;
  payload: string;
  conversationId: string | null;
  staffId: string | null;
  sentAt: unknown;
  missedAt: unknown;
  createdAt: unknown;
}

export class SqlFollowUpStore implements FollowUpStore, PlanningStore {
  /** Sends waiting to be recorded by the next group commit (see flushSent). */
  private readonly pendingSent: PendingSent[] = [];
  private sentFlushQueued = false;
  private sentTimer: NodeJS.Timeout | undefined;

  constructor(private readonly sql: SqlDriver) {}

  async dueForRelay(now: Date, lookaheadMs: number, stuck: { dueBefore: Date; touchedBefore: Date }, limit: number) {
    const rows = await this.sql.query<{ id: string; dueAt: unknown; status: string }>(
      `SELECT "id", "dueAt", "status" FROM "FollowUp"
        WHERE ("status" = 'scheduled' AND "dueAt" <= ?)
           OR ("status" = 'queued' AND "dueAt" <= ? AND "updatedAt" <= ?)
           OR ("status" = 'sending' AND "lockedUntil" <= ?)
        ORDER BY "dueAt" LIMIT ?`,
      [new Date(now.getTime() + lookaheadMs), stuck.dueBefore, stuck.touchedBefore, now, limit],
    );
    return rows.map((r) => ({ id: r.id, dueAt: toDate(r.dueAt), repair: r.status !== 'scheduled' }));
  }

  async markQueued(ids: readonly string[], now: Date): Promise<void> {
    for (const chunk of chunks(ids, INSERT_CHUNK)) {
      // `|| ''` keeps SQLite from walking the (status, dueAt) index through every scheduled row
      // (it guesses "status = ?" matches a few) instead of looking the ids up: 29 ms a chunk at 100,000 rows.
      await this.sql.execute(`UPDATE "FollowUp" SET "status" = 'queued', "updatedAt" = ? WHERE "id" IN (${marks(chunk)}) AND "status" || '' = 'scheduled'`, [now, ...chunk]);
    }
  }

  async markRequeued(ids: readonly string[], now: Date): Promise<void> {
    for (const chunk of chunks(ids, INSERT_CHUNK)) {
      // A row claimed (or its lease renewed) since the relay read it is being sent: leave it be.
      await this.sql.execute(
        `UPDATE "FollowUp" SET "status" = 'queued', "lockedUntil" = NULL, "updatedAt" = ?,
                "lastError" = CASE WHEN "status" = 'sending' THEN ? ELSE "lastError" END
          WHERE ("status" = 'queued' OR ("status" = 'sending' AND "lockedUntil" <= ?)) AND "id" IN (${marks(chunk)})`,
        [now, INTERRUPTED, now, ...chunk],
      );
    }
  }

  async claim(ids: readonly string[], now: Date, leaseMs: number): Promise<ClaimedFollowUp[]> {
    if (!ids.length) return [];
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; status: string; lockedUntil: unknown; attempts: number; lastError: string | null; dueAt: unknown }>(
        `SELECT "id", "status", "lockedUntil", "attempts", "lastError", "dueAt" FROM "FollowUp" WHERE "id" IN (${marks(ids)})${forUpdate(tx)}`,
        [...ids],
      );
      // A row moved later meanwhile (a retry's backoff, out of quiet hours) waits for its own job.
      const due = (r: { dueAt: unknown }) => toDate(r.dueAt).getTime() <= now.getTime() + DUE_SLACK_MS;
      const claimable = rows.filter((r) => ((r.status === 'scheduled' || r.status === 'queued') && due(r)) || (r.status === 'sending' && toDate(r.lockedUntil) <= now));
      if (!claimable.length) return [];
      await tx.execute(`UPDATE "FollowUp" SET "status" = 'sending', "lockedUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ? WHERE "id" IN (${marks(claimable.map((r) => r.id))})`, [
        new Date(now.getTime() + leaseMs),
        now,
        ...claimable.map((r) => r.id),
      ]);
      return claimable.map((r) => ({ id: r.id, attempts: Number(r.attempts) + 1, resumed: r.status === 'sending' || r.lastError === INTERRUPTED }));
    });
  }

  async renewLeases(held: readonly Pick<ClaimedFollowUp, 'id' | 'attempts'>[], until: Date): Promise<string[]> {
    const kept: string[] = [];
    for (const chunk of chunks(held, INSERT_CHUNK)) {
      const rows = await this.sql.query<{ id: string }>(
        `UPDATE "FollowUp" SET "lockedUntil" = ? WHERE "status" = 'sending' AND (${chunk.map(() => '("id" = ? AND "attempts" = ?)').join(' OR ')}) RETURNING "id"`,
        [until, ...chunk.flatMap((h) => [h.id, h.attempts])],
      );
      kept.push(...rows.map((r) => r.id));
    }
    return kept;
  }

  async leasesHeld(held: readonly Pick<ClaimedFollowUp, 'id' | 'attempts'>[], until: Date): Promise<string[]> {
    const kept: string[] = [];
    for (const chunk of chunks(held, INSERT_CHUNK)) {
      const rows = await this.sql.query<{ id: string; attempts: number }>(
        `SELECT "id", "attempts" FROM "FollowUp" WHERE "id" IN (${marks(chunk.map((h) => h.id))}) AND "status" = 'sending' AND "lockedUntil" >= ?`,
        [...chunk.map((h) => h.id), until],
      );
      const attempts = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
      kept.push(...chunk.filter((h) => attempts.get(h.id) === h.attempts).map((h) => h.id));
    }
    return kept;
  }

  async loadSendContexts(ids: readonly string[]): Promise<Map<string, SendContext>> {
    const contexts = new Map<string, SendContext>();
    for (const chunk of chunks(ids, INSERT_CHUNK)) {
      const followUps = (await this.sql.query<FollowUpRow>(`SELECT ${FOLLOW_UP_COLUMNS} FROM "FollowUp" WHERE "id" IN (${marks(chunk)})`, [...chunk])).map(toFollowUp);
      const customerIds = [...new Set(followUps.map((f) => f.customerId))];
      if (!customerIds.length) continue;
      const customers = new Map(
        (
          await this.sql.query<{
            id: string;
            name: string | null;
            locale: string;
            timezone: string;
            tier: string;
            optOutGreetings: unknown;
            optOutMarketing: unknown;
            keyAccountManagerId: string | null;
          }>(`SELECT "id", "name", "locale", "timezone", "tier", "optOutGreetings", "optOutMarketing", "keyAccountManagerId" FROM "Customer" WHERE "id" IN (${marks(customerIds)})`, customerIds)
        ).map((c) => [c.id, { ...c, tier: parseTier(c.tier), optOutGreetings: truthy(c.optOutGreetings), optOutMarketing: truthy(c.optOutMarketing) }]),
      );
      const reachable = await this.reachableIdentities(customerIds);
      const targets = new Map(followUps.map((f) => [f.id, pickTarget(reachable.get(f.customerId) ?? [], f.conversationId)]));
      const identityIds = [...new Set([...targets.values()].flatMap((t) => (t ? [t.identityId] : [])))];
      const withPeople = await this.identitiesWithPeople(identityIds);
      for (const followUp of followUps) {
        const customer = customers.get(followUp.customerId);
        if (!customer) continue;
        const target = targets.get(followUp.id) ?? null;
        // Callbacks and revisits only; a greeting or check-in has neither a case nor a commitment.
        const caseInfo = followUp.caseId ? await this.caseInfo(followUp.caseId) : null;
        const commitment = followUp.commitmentId ? await this.commitment(followUp.commitmentId) : null;
        contexts.set(followUp.id, {
          followUp,
          customer,
          caseInfo,
          commitment,
          target,
          withPeople: target ? withPeople.has(target.identityId) : false,
          takenUpSince: followUp.kind === 'callback' && caseInfo ? await this.takenUpSince(followUp, caseInfo) : false,
        });
      }
    }
    return contexts;
  }

  async recordSent(sent: SentRecord): Promise<SentResult> {
    try {
      return await new Promise<SentResult>((resolve, reject) => {
        this.pendingSent.push({ sent, resolve, reject });
        this.scheduleSentFlush();
      });
    } catch (error) {
      // The message of this follow-up exists already: an earlier attempt got as far as storing it.
      if (error instanceof UniqueViolationError && error.message.includes('channelMessageId')) {
        const [row] = await this.sql.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" WHERE "channelMessageId" = ?`, [sentKey(sent.followUpId)]);
        if (row) {
          await this.sql.execute(`UPDATE "FollowUp" SET "status" = 'sent', "lockedUntil" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" <> 'sent'`, [sent.now, sent.followUpId]);
          const [conversation] = await this.sql.query<{ status: string }>('SELECT "status" FROM "Conversation" WHERE "id" = ?', [row.conversationId]);
          const status = parseConversationStatus(conversation?.status ?? 'bot');
          return { conversationId: row.conversationId, message: toStoredMessage(row), status, previousStatus: status, fresh: false };
        }
      }
      throw error;
    }
  }

  /**
   * Group commit: sends are recorded together, SENT_LINGER_MS after the first of a group arrived
   * (or once SENT_GROUP wait), each in a savepoint of its own, so one that fails undoes only its own
   * writes and gets its own error. A commit per send cost more than the rest of the send on SQLite
   * (each commit writes the pages it touched to the WAL again, and checkpoints follow).
   */
  private scheduleSentFlush(): void {
    if (this.sentFlushQueued) return; // a transaction about to begin takes what waits
    if (this.pendingSent.length >= SENT_GROUP) this.flushSent();
    else this.sentTimer ??= setTimeout(() => this.flushSent(), SENT_LINGER_MS);
  }

  private flushSent(): void {
    clearTimeout(this.sentTimer);
    this.sentTimer = undefined;
    if (this.sentFlushQueued) return;
    this.sentFlushQueued = true;
    let group: PendingSent[] | undefined;
    const outcomes: ({ ok: true; result: SentResult } | { ok: false; error: unknown })[] = [];
    this.sql
      .transaction(async (tx) => {
        this.sentFlushQueued = false;
        group = this.pendingSent.splice(0, SENT_GROUP);
        if (this.pendingSent.length) this.scheduleSentFlush();
        for (const { sent } of group) {
          await tx.execute('SAVEPOINT "sent"');
          try {
            outcomes.push({ ok: true, result: await writeSent(tx, sent) });
            await tx.execute('RELEASE SAVEPOINT "sent"');
          } catch (error) {
            await tx.execute('ROLLBACK TO SAVEPOINT "sent"');
            await tx.execute('RELEASE SAVEPOINT "sent"');
            outcomes.push({ ok: false, error });
          }
        }
      })
      .then(
        () => group?.forEach((pending, i) => settle(pending, outcomes[i])),
        (error: unknown) => {
          if (!group) {
            // The transaction could not begin (database down, lock timeout): the waiting sends fail with it.
            this.sentFlushQueued = false;
            group = this.pendingSent.splice(0, SENT_GROUP);
            if (this.pendingSent.length) this.scheduleSentFlush();
          }
          for (const pending of group) pending.reject(error);
        },
      );
  }

  async recordTask(id: string, task: { summary: string; target: SendTarget | null; queue: { reason: string; priority: number; staffId: string | null } }, now: Date): Promise<string | null> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ customerId: string; kind: string; conversationId: string | null }>('SELECT "customerId", "kind", "conversationId" FROM "FollowUp" WHERE "id" = ?', [id]);
      if (!row) return null;
      // The task lands in the staff queue on the customer's conversation (opened if need be), for
      // the person it is meant for, so someone actually sees it.
      let queuedId: string | null = null;
      if (task.target) {
        const conversation = await openConversation(tx, task.target, now);
        if (conversation.status === 'bot') {
          await tx.execute(
            `UPDATE "Conversation" SET "status" = 'queued', "priority" = ?, "queueReason" = ?, "queuedAt" = ?, "assignedStaffId" = COALESCE(?, "assignedStaffId"), ${ASSIGNED_AT}, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`,
            [task.queue.priority, task.queue.reason, now, task.queue.staffId, ...assignedAtParams(task.queue.staffId, now), now, conversation.id],
          );
          queuedId = conversation.id;
        }
      }
      await tx.execute(
        `UPDATE "FollowUp" SET "status" = 'sent', "sentAt" = ?, "conversationId" = COALESCE("conversationId", ?), "lockedUntil" = NULL, "lastError" = NULL, "updatedAt" = ? WHERE "id" = ?`,
        [now, queuedId, now, id],
      );
      await insertContact(tx, { customerId: row.customerId, conversationId: queuedId ?? row.conversationId, kind: row.kind, channel: 'staff', summary: task.summary, outcome: 'task', now });
      return queuedId;
    });
  }

  async finish(held: Pick<ClaimedFollowUp, 'id' | 'attempts'>, status: 'cancelled' | 'failed', reason: string, now: Date, rating?: { id: string; status: 'skipped' | 'expired' }): Promise<void> {
    const finishRow = (sql: SqlExecutor) =>
      sql.execute(`UPDATE "FollowUp" SET "status" = ?, "lastError" = ?, "lockedUntil" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" = 'sending' AND "attempts" = ?`, [
        status,
        reason.slice(0, 500),
        now,
        held.id,
        held.attempts,
      ]);
    if (!rating) {
      await finishRow(this.sql);
      return;
    }
    await this.sql.transaction(async (tx) => {
      if (await finishRow(tx)) await settleUnaskedRating(tx, rating.id, rating.status);
    });
  }

  async reschedule(held: Pick<ClaimedFollowUp, 'id' | 'attempts'>, dueAt: Date, reason: string | null, now: Date): Promise<void> {
    await this.sql.execute(
      `UPDATE "FollowUp" SET "status" = 'scheduled', "dueAt" = ?, "lastError" = ?, "lockedUntil" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" = 'sending' AND "attempts" = ?`,
      [dueAt, reason?.slice(0, 500) ?? null, now, held.id, held.attempts],
    );
  }

  async findMissedCallbacks(now: Date, graceMs: number, limit: number) {
    return this.sql.query<{ id: string; conversationId: string; customerId: string; staffId: string | null }>(
      `SELECT f."id", f."conversationId", f."customerId", f."staffId" FROM "FollowUp" f JOIN "Conversation" c ON c."id" = f."conversationId"
        WHERE f."kind" = 'callback' AND f."status" = 'sent' AND f."missedAt" IS NULL AND f."sentAt" <= ? AND c."status" = 'queued' AND c."queueReason" = 'callback_due'
        ORDER BY f."sentAt" LIMIT ?`,
      [new Date(now.getTime() - graceMs), limit],
    );
  }

  async markMissed(id: string, conversationId: string, priorityBoost: number, now: Date): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const changed = await tx.execute('UPDATE "FollowUp" SET "missedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "missedAt" IS NULL', [now, now, id]);
      if (!changed) return false;
      await tx.execute(
        `UPDATE "Conversation" SET "priority" = "priority" + ?, "queueReason" = 'callback_missed', "assignedStaffId" = NULL, "assignedAt" = NULL, "assignmentOpenedAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" = 'queued'`,
        [priorityBoost, now, conversationId],
      );
      await insertSystemAudit(tx, { action: 'followup.callback_missed', entity: 'FollowUp', entityId: id, details: JSON.stringify({ conversationId, priorityBoost }), now });
      return true;
    });
  }

  async insertPlanned(rows: readonly PlannedFollowUp[], now: Date): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(rows, INSERT_CHUNK)) {
      inserted += await this.sql.transaction(async (tx) => {
        let n = 0;
        for (const r of chunk) {
          n += await tx.execute(
            `INSERT INTO "FollowUp" ("id", "customerId", "kind", "dueAt", "dedupeKey", "payload", "staffId", "createdAt", "updatedAt")
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
            [r.id, r.customerId, r.kind, r.dueAt, r.dedupeKey, JSON.stringify(r.payload), r.staffId ?? null, now, now],
          );
        }
        return n;
      });
    }
    return inserted;
  }

  async greetingCustomers(afterId: string, limit: number): Promise<GreetingCustomer[]> {
    const rows = await this.sql.query<{ id: string; locale: string; country: string | null; timezone: string; birthday: unknown; tier: string }>(
      'SELECT "id", "locale", "country", "timezone", "birthday", "tier" FROM "Customer" WHERE "optOutGreetings" = ? AND "id" > ? ORDER BY "id" LIMIT ?',
      [false, afterId, limit],
    );
    return rows.map((r) => ({ ...r, birthday: toDateOrNull(r.birthday), tier: parseTier(r.tier), optOutGreetings: false }));
  }

  async quietCustomers(silentBefore: Date, monthlyBefore: Date, afterId: string, limit: number) {
    const rows = await this.sql.query<{ id: string; tier: string; keyAccountManagerId: string | null; lastContactAt: unknown }>(
      `SELECT "id", "tier", "keyAccountManagerId", COALESCE("lastContactAt", "createdAt") AS "lastContactAt" FROM "Customer"
        WHERE "optOutGreetings" = ? AND "optOutMarketing" = ? AND "id" > ?
          AND (COALESCE("lastContactAt", "createdAt") < ? OR ("tier" = 'A' AND COALESCE("lastContactAt", "createdAt") < ?))
        ORDER BY "id" LIMIT ?`,
      [false, false, afterId, silentBefore, monthlyBefore, limit],
    );
    return rows.map((r) => ({ id: r.id, tier: parseTier(r.tier), keyAccountManagerId: r.keyAccountManagerId, lastContactAt: toDate(r.lastContactAt) }));
  }

  private async caseInfo(caseId: string): Promise<SendContext['caseInfo']> {
    const [row] = await this.sql.query<{ id: string; status: string; agreedSolution: string | null; facts: string }>('SELECT "id", "status", "agreedSolution", "facts" FROM "Case" WHERE "id" = ?', [
      caseId,
    ]);
    if (!row) return null;
    const facts = parseObject(row.facts);
    return { id: row.id, status: row.status, agreedSolution: row.agreedSolution, orderNumber: typeof facts.orderNumber === 'string' ? facts.orderNumber : null };
  }

  private async commitment(commitmentId: string): Promise<SendContext['commitment']> {
    const [row] = await this.sql.query<{ id: string; status: string; description: string; dueAt: unknown }>('SELECT "id", "status", "description", "dueAt" FROM "Commitment" WHERE "id" = ?', [
      commitmentId,
    ]);
    return row ? { ...row, dueAt: toDate(row.dueAt) } : null;
  }

  /** The identities (of these) whose latest open conversation is waiting for or held by a person. */
  private async identitiesWithPeople(identityIds: readonly string[]): Promise<Set<string>> {
    if (!identityIds.length) return new Set();
    const rows = await this.sql.query<{ identityId: string; status: string; createdAt: unknown }>(
      `SELECT "identityId", "status", "createdAt" FROM "Conversation" WHERE "identityId" IN (${marks(identityIds)}) AND "status" <> 'closed'`,
      [...identityIds],
    );
    const latest = new Map<string, { status: string; at: number }>();
    for (const row of rows) {
      const at = toDate(row.createdAt).getTime();
      if ((latest.get(row.identityId)?.at ?? -Infinity) < at) latest.set(row.identityId, { status: row.status, at });
    }
    return new Set([...latest].filter(([, c]) => c.status === 'queued' || c.status === 'human').map(([id]) => id));
  }

  /** The reachable identities of these customers, each with its conversations (one row per conversation, or one without). */
  private async reachableIdentities(customerIds: readonly string[]): Promise<Map<string, ReachableIdentity[]>> {
    const rows = await this.sql.query<{ customerId: string; id: string; channel: string; externalId: string; conversationId: string | null; lastMessageAt: unknown }>(
      `SELECT i."customerId", i."id", i."channel", i."externalId", c."id" AS "conversationId", c."lastMessageAt" FROM "ChannelIdentity" i
         LEFT JOIN "Conversation" c ON c."identityId" = i."id"
        WHERE i."customerId" IN (${marks(customerIds)}) AND i."reachable" = ?`,
      [...customerIds, true],
    );
    const byCustomer = new Map<string, ReachableIdentity[]>();
    for (const row of rows) {
      const list = byCustomer.get(row.customerId) ?? [];
      list.push({
        target: { identityId: row.id, channel: row.channel, externalId: row.externalId },
        conversationId: row.conversationId,
        lastMessageAt: toDateOrNull(row.lastMessageAt)?.getTime() ?? null,
      });
      byCustomer.set(row.customerId, list);
    }
    return byCustomer;
  }

  /**
   * Whether the customer came back about the matter after the callback was planned: a message naming
   * the case reference or its order number.
   */
  private async takenUpSince(followUp: FollowUpRecord, caseInfo: NonNullable<SendContext['caseInfo']>): Promise<boolean> {
    const reference = `%${caseInfo.id.slice(0, 8).toLowerCase()}%`;
    const order = caseInfo.orderNumber ? `%${caseInfo.orderNumber.toLowerCase()}%` : reference;
    // Coming back means later: in another conversation, or after the chat that made the promise
    // had moved on (its closing "thanks, order 123 then?" is not a new request).
    const cameBackAfter = new Date(followUp.createdAt.getTime() + CAME_BACK_AFTER_MS);
    const [row] = await this.sql.query<{ found: number }>(
      `SELECT 1 AS "found" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
        WHERE c."customerId" = ? AND m."author" = 'customer' AND (LOWER(m."text") LIKE ? OR LOWER(m."text") LIKE ?)
          AND ((m."createdAt" > ? AND c."id" <> ?) OR m."createdAt" > ?)
        LIMIT 1`,
      [followUp.customerId, reference, order, followUp.createdAt, followUp.conversationId ?? '', cameBackAfter],
    );
    return row !== undefined;
  }
}

interface ReachableIdentity {
  target: SendTarget;
  conversationId: string | null;
  lastMessageAt: number | null;
}

/** The conversation's own channel if it is still reachable, else the channel the customer used last. */
function pickTarget(identities: readonly ReachableIdentity[], conversationId: string | null): SendTarget | null {
  let best: ReachableIdentity | undefined;
  for (const candidate of identities) {
    if (conversationId !== null && candidate.conversationId === conversationId) return candidate.target;
    if (!best || (candidate.lastMessageAt ?? -Infinity) > (best.lastMessageAt ?? -Infinity)) best = candidate;
  }
  return best?.target ?? null;
}

interface PendingSent {
  sent: SentRecord;
  resolve: (result: SentResult) => void;
  reject: (error: unknown) => void;
}

function settle(pending: PendingSent, outcome: { ok: true; result: SentResult } | { ok: false; error: unknown } | undefined): void {
  if (outcome?.ok) pending.resolve(outcome.result);
  else pending.reject(outcome ? outcome.error : new Error('the send was not recorded'));
}

/** The channel message id of a follow-up's message: unique, so the message is stored once. */
export function sentKey(followUpId: string): string {
  return `followup:${followUpId}`;
}

async function writeSent(tx: SqlExecutor, sent: SentRecord): Promise<SentResult> {
  const { target, now } = sent;
  const conversation = await openConversation(tx, target, now);
  let flowState = conversation.flowState;
  if (sent.flowPatch) flowState = JSON.stringify({ ...parseObject(conversation.flowState), ...sent.flowPatch });
  const queue = sent.queue && conversation.status === 'bot' ? sent.queue : undefined;
  const previousStatus = parseConversationStatus(conversation.status);
  const status: ConversationStatus = queue ? 'queued' : previousStatus;
  if (conversation.created && !queue && !sent.flowPatch) {
    // Opened just now for this message, with lastMessageAt = now: nothing to update (a greeting to a new customer).
  } else if (queue) {
    await tx.execute(
      `UPDATE "Conversation" SET "flowState" = ?, "version" = "version" + 1, "status" = 'queued', "priority" = ?, "queueReason" = ?, "queuedAt" = ?,
              "assignedStaffId" = COALESCE(?, "assignedStaffId"), ${ASSIGNED_AT}, "lastMessageAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
      [flowState, queue.priority, queue.reason, now, queue.staffId, ...assignedAtParams(queue.staffId, now), now, now, conversation.id],
    );
  } else {
    await tx.execute('UPDATE "Conversation" SET "flowState" = ?, "version" = "version" + 1, "lastMessageAt" = ?, "updatedAt" = ? WHERE "id" = ?', [flowState, now, now, conversation.id]);
  }
  const message = await insertMessage(tx, {
    conversationId: conversation.id,
    direction: 'out',
    author: 'bot',
    text: sent.text,
    choices: sent.choices?.length ? JSON.stringify(sent.choices) : null,
    channelMessageId: sentKey(sent.followUpId),
    now,
  });
  await tx.execute(`UPDATE "FollowUp" SET "status" = 'sent', "sentAt" = ?, "conversationId" = ?, "lockedUntil" = NULL, "lastError" = NULL, "updatedAt" = ? WHERE "id" = ?`, [
    now,
    conversation.id,
    now,
    sent.followUpId,
  ]);
  await insertContact(tx, {
    customerId: conversation.customerId,
    conversationId: conversation.id,
    kind: sent.contact.kind,
    channel: target.channel,
    summary: sent.contact.summary,
    outcome: 'sent',
    now,
  });
  return { conversationId: conversation.id, message, status, previousStatus, fresh: true };
}

/** The identity's open conversation (locked for this transaction), or a new one (`created`). */
async function openConversation(tx: SqlExecutor, target: SendTarget, now: Date): Promise<{ id: string; customerId: string; status: string; flowState: string; created?: boolean }> {
  const [open] = await tx.query<{ id: string; customerId: string; status: string; flowState: string }>(
    `SELECT "id", "customerId", "status", "flowState" FROM "Conversation" WHERE "identityId" = ? AND "status" <> 'closed' ORDER BY "createdAt" DESC LIMIT 1${forUpdate(tx)}`,
    [target.identityId],
  );
  if (open) return open;
  const [created] = await tx.query<{ id: string; customerId: string; status: string; flowState: string }>(
    `INSERT INTO "Conversation" ("id", "customerId", "identityId", "channel", "locale", "lastMessageAt", "createdAt", "updatedAt")
     SELECT ?, "customerId", "id", "channel", (SELECT "locale" FROM "Customer" WHERE "Customer"."id" = "ChannelIdentity"."customerId"), ?, ?, ? FROM "ChannelIdentity" WHERE "id" = ?
     RETURNING "id", "customerId", "status", "flowState"`,
    [randomUUID(), now, now, now, target.identityId],
  );
  if (!created) throw new Error(`could not open a conversation for identity ${target.identityId}`);
  return { ...created, created: true };
}

function toFollowUp(row: FollowUpRow): FollowUpRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    caseId: row.caseId,
    commitmentId: row.commitmentId,
    kind: parseFollowUpKind(row.kind),
    dueAt: toDate(row.dueAt),
    status: parseFollowUpStatus(row.status),
    dedupeKey: row.dedupeKey,
    attempts: Number(row.attempts),
    lastError: row.lastError,
    payload: parseObject(row.payload),
    conversationId: row.conversationId,
    staffId: row.staffId,
    sentAt: toDateOrNull(row.sentAt),
    missedAt: toDateOrNull(row.missedAt),
    createdAt: toDate(row.createdAt),
  };
}

function forUpdate(tx: SqlExecutor): string {
  return tx.dialect === 'postgres' ? ' FOR UPDATE' : ''; // SQLite transactions are exclusive already
}

function marks(values: readonly SqlValue[]): string {
  return values.map(() => '?').join(', ');
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** A task or callback queued for a staff member is an assignment to them, not opened yet (routing's timeout counts from it). */
const ASSIGNED_AT = '"assignedAt" = COALESCE(?, "assignedAt"), "assignmentOpenedAt" = CASE WHEN ? THEN NULL ELSE "assignmentOpenedAt" END';

function assignedAtParams(staffId: string | null, now: Date): [Date | null, boolean] {
  return staffId ? [now, true] : [null, false];
}
