// The insights' tallies as SQL aggregates on the direct driver, one statement per figure
// (PostgreSQL: side by side, each on a pooled connection, never the per-message path's; SQLite: one
// at a time, see read). The same SQL serves both databases; only time arithmetic, JSON fields, day
// labels and text order differ. The Message table is read only for the first staff reply of each
// conversation handed to people, through the partial index of staff messages (migration 0011).

import type {
  ChatRatingTally,
  SurveyTally,
  CustomerMixTally,
  DayTally,
  FunnelTally,
  InsightsFilter,
  InsightsStore,
  InsightsTallies,
  LabelCount,
  QuestionTally,
  RankedDurations,
} from '../insights/insights-ports.ts';
import { zoneOffsetsOver } from '../insights/insights-range.ts';
import { UNANSWERED_FETCHED } from '../insights/knowledge-gaps.ts';
import { percentileRanks, type PercentileFraction } from '../insights/percentile.ts';
import type { SqlExecutor, SqlValue } from './sql/sql-driver.ts';

/** Most products listed. */
const TOP_PRODUCTS = 20;

const DAY_MS = 24 * 60 * 60_000;

export interface InsightsStoreOptions {
  /**
   * RETENTION_DAYS_MESSAGES: the knowledge gaps quote customers' words from the contact log, which
   * the retention sweep does not anonymise, so they are read only from contacts updated within the
   * days messages are kept. Unset: no limit (the benchmark's generated data).
   */
  messageRetentionDays?: number;
  /** Now, for the retention window; the system clock by default. */
  clock?: () => Date;
}

/** The durable traces of a person: the audit entries written when a conversation was escalated, taken over, assigned or reassigned. */
const PERSON_ACTIONS = `'conversation.escalated', 'conversation.taken_over', 'conversation.assigned', 'conversation.reassigned'`;

/**
 * The conversations with an entry of PERSON_ACTIONS since `from` (takes `from`), with their first
 * escalation. One pass over the audit log's (action, createdAt) index instead of a lookup per
 * conversation: whatever happens to a conversation started in the range happens after `from`.
 * (These actions are only ever written on the entity Conversation; a condition on the entity would
 * lead SQLite, which has no statistics, to the (entity, entityId) index and every conversation entry.)
 */
const PEOPLE_CTE = `"people" AS MATERIALIZED (
  SELECT a."entityId" AS "id", MIN(CASE WHEN a."action" = 'conversation.escalated' THEN a."createdAt" END) AS "escalatedAt"
    FROM "AuditLog" a WHERE a."action" IN (${PERSON_ACTIONS}) AND a."createdAt" >= ?
   GROUP BY a."entityId")`;

/**
 * A conversation `c` (joined to "people" as `p`) a person had a part in: one of PERSON_ACTIONS on
 * record, or queued at some point still on record (a follow-up task queues it without an
 * escalation entry; a hand-back clears queuedAt, but the entry that put it in the queue stays).
 */
const HANDED_TO_A_PERSON = `(p."id" IS NOT NULL OR c."queuedAt" IS NOT NULL)`;

/** The range's conversations with what people did in them: takes `from` (the CTE), `from`, `to`, then the scope's parameters. */
const CONVERSATIONS_IN_RANGE = `FROM "Conversation" c LEFT JOIN "people" p ON p."id" = c."id" WHERE c."createdAt" >= ? AND c."createdAt" < ?`;

/** The range's complaint cases with their conversation (for the filters): takes `from`, `to`. */
const CASES_IN_RANGE = `FROM "Case" k JOIN "Conversation" c ON c."id" = k."conversationId" WHERE k."createdAt" >= ? AND k."createdAt" < ?`;

/**
 * How the contact log words a question the bot could not answer (domain/flow/small-talk.ts
 * outOfScope, inquiry.ts through Turn.contactSummary): a prefix, then the masked message in double
 * quotes. The contact row is the conversation's, rewritten by each turn, so it holds the last one.
 */
const UNANSWERED_SUMMARIES = [`out of scope: "%`, `chat: "%`];

interface Scope {
  /** `AND …` on the conversation `c`: the channel and language filters. */
  sql: string;
  params: SqlValue[];
}

type Count = number | string | null;

/** A statement whose rows are durations, "ms": the CTEs it needs, its SELECT and their parameters in order. */
interface Durations {
  ctes: string[];
  select: string;
  params: SqlValue[];
}

export class SqlInsightsStore implements InsightsStore {
  /** SQLite: the statement before the next one (see read). */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlExecutor,
    private readonly options: InsightsStoreOptions = {},
  ) {}

  async tallies(filter: InsightsFilter, percentiles: readonly PercentileFraction[]): Promise<InsightsTallies> {
    const scope = scopeOf(filter);
    const [conversationsByDay, complaintsByCategory, complaintsByProduct, funnel, escalationsByReason, surveys, firstResponse, resolution, chatRatings, customerMix, unansweredQuestions] =
      await Promise.all([
        this.conversationsByDay(filter, scope),
        this.complaintsByCategory(filter, scope),
        this.complaintsByProduct(filter, scope),
        this.funnel(filter, scope),
        this.escalationsByReason(filter, scope),
        this.surveys(filter, scope),
        this.ranked(this.firstResponseDurations(filter, scope), percentiles),
        this.ranked(this.resolutionDurations(filter, scope), percentiles),
        this.chatRatings(filter),
        this.customerMix(filter, scope),
        this.unansweredQuestions(filter, scope),
      ]);
    return { conversationsByDay, complaintsByCategory, complaintsByProduct, funnel, escalationsByReason, surveys, firstResponse, resolution, chatRatings, customerMix, unansweredQuestions };
  }

  private async conversationsByDay(filter: InsightsFilter, scope: Scope): Promise<DayTally[]> {
    const day = this.dayOf('c."createdAt"', filter);
    const rows = await this.read<{ day: string; channel: string; n: Count; handed: Count }>(
      `WITH ${PEOPLE_CTE}
       SELECT "day", "channel", COUNT(*) AS "n", SUM("handed") AS "handed" FROM (
         SELECT ${day.sql} AS "day", c."channel", CASE WHEN ${HANDED_TO_A_PERSON} THEN 1 ELSE 0 END AS "handed"
           ${CONVERSATIONS_IN_RANGE} ${scope.sql}) x
        GROUP BY "day", "channel"`,
      [filter.from, ...day.params, filter.from, filter.to, ...scope.params],
    );
    return rows.map((r) => ({ day: r.day, channel: r.channel, count: toCount(r.n), handed: toCount(r.handed) }));
  }

  /** Answered chat ratings per day (of the zone), server and staff member; read through the (answeredAt) index. */
  private async chatRatings(filter: InsightsFilter): Promise<ChatRatingTally[]> {
    const day = this.dayOf('r."answeredAt"', filter);
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.channel) {
      where.push('AND r."channel" = ?');
      params.push(filter.channel);
    }
    if (filter.language) {
      where.push('AND r."language" = ?');
      params.push(filter.language);
    }
    const rows = await this.read<{ day: string; servedBy: string; staffId: string | null; n: Count; scoreSum: Count; satisfied: Count }>(
      `SELECT "day", "servedBy", "staffId", COUNT(*) AS "n", SUM("score") AS "scoreSum", SUM(CASE WHEN "score" >= 4 THEN 1 ELSE 0 END) AS "satisfied" FROM (
         SELECT ${day.sql} AS "day", r."servedBy", r."staffId", r."score" FROM "ChatRating" r
          WHERE r."answeredAt" >= ? AND r."answeredAt" < ? AND r."status" = 'answered' AND r."score" IS NOT NULL ${where.join(' ')}) x
        GROUP BY "day", "servedBy", "staffId"`,
      [...day.params, filter.from, filter.to, ...params],
    );
    const staffIds = [...new Set(rows.flatMap((r) => (r.staffId ? [r.staffId] : [])))];
    // A handful of names, read apart: a join would put the Staff table into the grouping.
    const names = new Map(
      staffIds.length
        ? (await this.read<{ id: string; name: string }>(`SELECT "id", "name" FROM "Staff" WHERE "id" IN (${staffIds.map(() => '?').join(', ')})`, staffIds)).map((s) => [s.id, s.name])
        : [],
    );
    return rows.map((r) => ({
      day: r.day,
      servedBy: r.servedBy === 'bot' ? 'bot' : 'staff',
      staffId: r.staffId,
      name: r.staffId ? (names.get(r.staffId) ?? null) : null,
      responses: toCount(r.n),
      scoreSum: toCount(r.scoreSum),
      satisfied: toCount(r.satisfied),
    }));
  }

  /** The tier and lifecycle stage of each customer with a conversation started in the range (counted once). */
  private async customerMix(filter: InsightsFilter, scope: Scope): Promise<CustomerMixTally[]> {
    const rows = await this.read<{ tier: string; stage: string; n: Count }>(
      `SELECT u."tier", u."lifecycleStage" AS "stage", COUNT(*) AS "n" FROM "Customer" u
        WHERE u."id" IN (SELECT c."customerId" FROM "Conversation" c WHERE c."createdAt" >= ? AND c."createdAt" < ? ${scope.sql})
        GROUP BY u."tier", u."lifecycleStage"`,
      [filter.from, filter.to, ...scope.params],
    );
    return rows.map((r) => ({ tier: r.tier, stage: r.stage, count: toCount(r.n) }));
  }

  /**
   * The questions the bot last left unanswered in conversations, by their normalised wording, most
   * first (at most UNANSWERED_FETCHED), from the contact log (see UNANSWERED_SUMMARIES), with one
   * wording as stored. Read through the partial index of unresolved inquiries by time (migration
   * 0016), which the literal kind and outcome conditions select. Only within the message retention
   * window (see InsightsStoreOptions): the range starts no earlier than it.
   */
  private async unansweredQuestions(filter: InsightsFilter, scope: Scope): Promise<QuestionTally[]> {
    const since = this.retainedSince(filter.from);
    if (since.getTime() >= filter.to.getTime()) return [];
    const quote = this.sql.dialect === 'postgres' ? `strpos(t."summary", '"')` : `instr(t."summary", '"')`;
    const asked = `substr(t."summary", ${quote} + 1, length(t."summary") - ${quote} - 1)`;
    const [byText, example] = this.sql.dialect === 'postgres' ? [`"question" COLLATE "C"`, `"asked" COLLATE "C"`] : [`"question"`, `"asked"`];
    const rows = await this.read<{ question: string; example: string; n: Count }>(
      `SELECT "question", MIN(${example}) AS "example", COUNT(*) AS "n" FROM (
         SELECT lower(trim(${asked})) AS "question", ${asked} AS "asked"
           FROM "Contact" t JOIN "Conversation" c ON c."id" = t."conversationId"
          WHERE t."kind" = 'inquiry' AND t."outcome" = 'unresolved' AND t."updatedAt" >= ? AND t."updatedAt" < ?
            AND (${UNANSWERED_SUMMARIES.map(() => `t."summary" LIKE ?`).join(' OR ')}) ${scope.sql}) x
        WHERE "question" <> ''
        GROUP BY "question" ORDER BY COUNT(*) DESC, ${byText} LIMIT ${UNANSWERED_FETCHED}`,
      [since, filter.to, ...UNANSWERED_SUMMARIES, ...scope.params],
    );
    return rows.map((r) => ({ question: r.question, example: r.example, count: toCount(r.n) }));
  }

  /** `from`, or the start of the message retention window when that is later. */
  private retainedSince(from: Date): Date {
    const days = this.options.messageRetentionDays;
    if (days === undefined) return from;
    const windowStart = (this.options.clock ?? (() => new Date()))().getTime() - days * DAY_MS;
    return windowStart > from.getTime() ? new Date(windowStart) : from;
  }

  private async complaintsByCategory(filter: InsightsFilter, scope: Scope): Promise<LabelCount[]> {
    return this.labelCounts(`k."category"`, `${CASES_IN_RANGE} ${scope.sql}`, [filter.from, filter.to, ...scope.params]);
  }

  private async complaintsByProduct(filter: InsightsFilter, scope: Scope): Promise<LabelCount[]> {
    // The product is a fact of step 2, kept in the case's facts JSON: read with a JSON expression
    // over the range's cases (a few per conversation at most) rather than a column every
    // complaint turn would have to write.
    const product = this.sql.dialect === 'postgres' ? `(k."facts"::jsonb ->> 'product')` : `json_extract(k."facts", '$.product')`;
    return this.labelCounts(product, `${CASES_IN_RANGE} ${scope.sql} AND ${product} IS NOT NULL AND ${product} NOT IN ('', 'unknown')`, [filter.from, filter.to, ...scope.params], TOP_PRODUCTS);
  }

  private async funnel(filter: InsightsFilter, scope: Scope): Promise<FunnelTally> {
    // Reached: the furthest step (a case goes back a step when an offer is turned down); stopped: where it is.
    const reached = [1, 2, 3, 4, 5].map((step) => `SUM(CASE WHEN k."maxStep" >= ${step} THEN 1 ELSE 0 END) AS "reached${step}"`).join(', ');
    const stopped = [1, 2, 3, 4].map((step) => `SUM(CASE WHEN k."step" = ${step} AND k."status" IN ('closed', 'escalated') THEN 1 ELSE 0 END) AS "stopped${step}"`).join(', ');
    const [row] = await this.read<Record<string, Count>>(
      `SELECT COUNT(*) AS "cases", ${reached}, ${stopped},
              SUM(CASE WHEN EXISTS (SELECT 1 FROM "Commitment" m WHERE m."caseId" = k."id") THEN 1 ELSE 0 END) AS "recorded"
         ${CASES_IN_RANGE} ${scope.sql}`,
      [filter.from, filter.to, ...scope.params],
    );
    const n = (key: string) => toCount(row?.[key] ?? null);
    return {
      cases: n('cases'),
      reached: [n('reached1'), n('reached2'), n('reached3'), n('reached4'), n('reached5')],
      recorded: n('recorded'),
      stoppedAt: [n('stopped1'), n('stopped2'), n('stopped3'), n('stopped4')],
    };
  }

  private async escalationsByReason(filter: InsightsFilter, scope: Scope): Promise<LabelCount[]> {
    // The audit entry is the durable record: Conversation.queueReason is overwritten by the next
    // escalation and cleared when the conversation goes back to the bot.
    const reason = this.sql.dialect === 'postgres' ? `COALESCE(a."details"::jsonb ->> 'reason', 'unknown')` : `COALESCE(json_extract(a."details", '$.reason'), 'unknown')`;
    return this.labelCounts(
      reason,
      `FROM "AuditLog" a JOIN "Conversation" c ON c."id" = a."entityId"
        WHERE a."action" = 'conversation.escalated' AND a."createdAt" >= ? AND a."createdAt" < ? ${scope.sql}`,
      [filter.from, filter.to, ...scope.params],
    );
  }

  /** Revisit surveys answered in the range, per day (of the zone) and whether people had a part in the complaint's conversation. */
  private async surveys(filter: InsightsFilter, scope: Scope): Promise<SurveyTally[]> {
    const day = this.dayOf('s."createdAt"', filter);
    const rows = await this.read<{ day: string; people: Count; responses: Count; scoreSum: Count; satisfied: Count; ratioResponses: Count; ratioSum: Count }>(
      `SELECT "day", "people", COUNT(*) AS "responses", SUM("score") AS "scoreSum", SUM("satisfied") AS "satisfied", COUNT("ratio") AS "ratioResponses", SUM("ratio") AS "ratioSum" FROM (
         SELECT ${day.sql} AS "day", CASE WHEN c."queuedAt" IS NOT NULL OR c."assignedStaffId" IS NOT NULL THEN 1 ELSE 0 END AS "people",
                s."score", CASE WHEN s."satisfied" THEN 1 ELSE 0 END AS "satisfied", s."ratio"
           FROM "Survey" s JOIN "Case" k ON k."id" = s."caseId" JOIN "Conversation" c ON c."id" = k."conversationId"
          WHERE s."createdAt" >= ? AND s."createdAt" < ? ${scope.sql}) x
        GROUP BY "day", "people"`,
      [...day.params, filter.from, filter.to, ...scope.params],
    );
    return rows.map((row) => ({
      day: row.day,
      people: toCount(row.people) === 1,
      responses: toCount(row.responses),
      scoreSum: toCount(row.scoreSum),
      satisfied: toCount(row.satisfied),
      ratioResponses: toCount(row.ratioResponses),
      ratioSum: Number(row.ratioSum ?? 0),
    }));
  }

  /** From the first handoff (the first escalation entry, else queuedAt) to the first staff message at or after it. */
  private firstResponseDurations(filter: InsightsFilter, scope: Scope): Durations {
    // A join, not a subquery per conversation: the staff messages' partial index (migration 0011)
    // serves it either way, and PostgreSQL's planner costs a join low enough not to JIT-compile it.
    return {
      ctes: [
        PEOPLE_CTE,
        `"handoff" AS MATERIALIZED (SELECT c."id", COALESCE(p."escalatedAt", c."queuedAt") AS "at" ${CONVERSATIONS_IN_RANGE} ${scope.sql} AND ${HANDED_TO_A_PERSON})`,
        `"answered" AS (SELECT h."at", MIN(m."createdAt") AS "replyAt" FROM "handoff" h JOIN "Message" m ON m."conversationId" = h."id" AND m."author" = 'staff' AND m."createdAt" >= h."at" GROUP BY h."id", h."at")`,
      ],
      select: `SELECT ${this.millisecondsBetween('"at"', '"replyAt"')} AS "ms" FROM "answered"`,
      params: [filter.from, filter.from, filter.to, ...scope.params],
    };
  }

  /** From start to close, for the closed conversations a person had a part in. */
  private resolutionDurations(filter: InsightsFilter, scope: Scope): Durations {
    return {
      ctes: [PEOPLE_CTE],
      select: `SELECT ${this.millisecondsBetween('c."createdAt"', 'c."closedAt"')} AS "ms" ${CONVERSATIONS_IN_RANGE} ${scope.sql} AND c."closedAt" IS NOT NULL AND ${HANDED_TO_A_PERSON}`,
      params: [filter.from, filter.from, filter.to, ...scope.params],
    };
  }

  /**
   * How many durations there are and the values at the ranks the percentiles need, in one
   * statement: the database sorts them and sends back at most two rows per percentile. The ranks
   * are picked with integer division, ⌊(n − 1)·over / under⌋ and the next, as percentileRanks does.
   */
  private async ranked(durations: Durations, percentiles: readonly PercentileFraction[]): Promise<RankedDurations> {
    const ranks = percentiles.flatMap((p) => [`(("n" - 1) * ${p.over}) / ${p.under}`, `(("n" - 1) * ${p.over}) / ${p.under} + 1`]);
    const rows = await this.read<{ ms: Count; rank: Count; n: Count }>(
      `WITH ${[...durations.ctes, `"d" AS (${durations.select})`].join(', ')}
       SELECT "ms", "rank", "n" FROM (
         SELECT "ms", ROW_NUMBER() OVER (ORDER BY "ms") - 1 AS "rank", COUNT(*) OVER () AS "n" FROM "d" WHERE "ms" IS NOT NULL) r
        WHERE "rank" IN (${ranks.join(', ')})`,
      durations.params,
    );
    const count = rows.length ? toCount(rows[0]!.n) : 0;
    const atRank = new Map(rows.map((r) => [toCount(r.rank), Number(r.ms)]));
    for (const p of percentiles) for (const rank of percentileRanks(count, p)) if (!atRank.has(rank)) throw new Error(`insights: rank ${rank} of ${count} durations missing`);
    return { count, atRank };
  }

  /**
   * A statement's rows. SQLite runs statements on the event loop's thread, so they run one after
   * another with a turn of the loop between them: a long range holds chats up for one statement at
   * a time, not for the whole report. PostgreSQL runs them side by side on pooled connections.
   */
  private read<T>(statement: string, params: SqlValue[]): Promise<T[]> {
    if (this.sql.dialect === 'postgres') return this.sql.query<T>(statement, params);
    const rows = this.previous.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => this.sql.query<T>(statement, params));
    this.previous = rows.catch(() => undefined);
    return rows;
  }

  /**
   * The calendar day (YYYY-MM-DD) in the filter's time zone of a UTC timestamp column: the column
   * shifted by the zone's offset, piece by piece when daylight saving changes it within the range
   * (a CASE on the instants of change, their parameters in order). The same on both databases, and
   * as cheap per row as the UTC day it replaces.
   */
  private dayOf(column: string, filter: InsightsFilter): { sql: string; params: SqlValue[] } {
    const offsets = zoneOffsetsOver(filter.from, filter.to, filter.timeZone ?? 'UTC');
    const shifted = (minutes: number) => {
      if (this.sql.dialect === 'postgres') return minutes === 0 ? `to_char(${column}, 'YYYY-MM-DD')` : `to_char(${column} + interval '${minutes} minutes', 'YYYY-MM-DD')`;
      return minutes === 0 ? `substr(${column}, 1, 10)` : `date(${column}, '${minutes > 0 ? '+' : ''}${minutes} minutes')`;
    };
    if (offsets.length === 1) return { sql: shifted(offsets[0]!.minutes), params: [] };
    const pieces = offsets.slice(0, -1).map((offset) => `WHEN ${column} < ? THEN ${shifted(offset.minutes)}`);
    return { sql: `CASE ${pieces.join(' ')} ELSE ${shifted(offsets.at(-1)!.minutes)} END`, params: offsets.slice(1).map((offset) => offset.since) };
  }

  /** Whole milliseconds from `start` to `end` (null when either is null). */
  private millisecondsBetween(start: string, end: string): string {
    return this.sql.dialect === 'postgres'
      ? `CAST(ROUND(EXTRACT(EPOCH FROM (${end} - ${start})) * 1000) AS BIGINT)`
      : // julianday keeps ~20 µs at today's dates: rounding to the millisecond is exact.
        `CAST(ROUND((julianday(${end}) - julianday(${start})) * 86400000) AS INTEGER)`;
  }

  /** `label` and how many rows `from` (a FROM … WHERE …) has of each, most first, then by label in code point order on both databases. */
  private async labelCounts(label: string, from: string, params: SqlValue[], limit?: number): Promise<LabelCount[]> {
    const byText = this.sql.dialect === 'postgres' ? `${label} COLLATE "C"` : label;
    const rows = await this.read<{ label: string; n: Count }>(
      `SELECT ${label} AS "label", COUNT(*) AS "n" ${from} GROUP BY ${label} ORDER BY COUNT(*) DESC, ${byText}${limit ? ` LIMIT ${limit}` : ''}`,
      params,
    );
    return rows.map((r) => ({ label: r.label, count: toCount(r.n) }));
  }
}

function scopeOf(filter: InsightsFilter): Scope {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (filter.channel) {
    parts.push('AND c."channel" = ?');
    params.push(filter.channel);
  }
  if (filter.language) {
    parts.push('AND c."locale" = ?');
    params.push(filter.language);
  }
  return { sql: parts.join(' '), params };
}

/** PostgreSQL sends COUNT and SUM of integers as text (bigint); an empty SUM is null. */
function toCount(value: Count): number {
  return value === null ? 0 : Number(value);
}
