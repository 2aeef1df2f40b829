// The console's conversation list on direct SQL, for both databases: one statement finds the page
// (status, search and filters, the queue's order), then three read its rows' latest message, the
// reader's unread counts and the labels — four statements whatever the number of rows.

import { PREVIEW_CHARS, type LastMessage, type QueueFilter, type QueueListing, type QueueRow } from '../console/queue/queue-ports.ts';
import type { StaffRef } from '../console/ports.ts';
import { isTier, parseConversationStatus, parseMessageAuthor } from '../domain/types.ts';
import { customerFilterSql, escapeLike } from './customer-filter-sql.ts';
import { toDate, toDateOrNull, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';

interface PageRow {
  id: string;
  status: string;
  channel: string;
  locale: string;
  priority: number | string;
  queueReason: string | null;
  queuedAt: unknown;
  lastMessageAt: unknown;
  lastStaffReplyAt: unknown;
  customerId: string;
  customerName: string | null;
  tier: string;
  isKey: boolean | number;
  staffId: string | null;
  staffName: string | null;
  staffEmail: string | null;
}

export class SqlQueueListing implements QueueListing {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly phoneRegion: string,
  ) {}

  async list(filter: QueueFilter, readerId: string, now: Date, limit: number): Promise<QueueRow[]> {
    const { where, params } = this.conditions(filter);
    // The queue is served most urgent first, then first come first served; the rest newest first.
    const order = filter.status === 'queued' ? 'v."priority" DESC, v."queuedAt" ASC, v."id"' : 'v."lastMessageAt" DESC, v."id"';
    const page = await this.sql.query<PageRow>(
      `SELECT v."id", v."status", v."channel", v."locale", v."priority", v."queueReason", v."queuedAt", v."lastMessageAt", v."lastStaffReplyAt",
              u."id" AS "customerId", u."name" AS "customerName", u."tier", u."isKey", s."id" AS "staffId", s."name" AS "staffName", s."email" AS "staffEmail"
         FROM "Conversation" v JOIN "Customer" u ON u."id" = v."customerId" LEFT JOIN "Staff" s ON s."id" = v."assignedStaffId"
        WHERE ${where} ORDER BY ${order} LIMIT ?`,
      [...params, limit],
    );
    if (page.length === 0) return [];
    const ids = page.map((r) => r.id);
    const [latest, counts, labels] = await Promise.all([this.latestMessages(ids), this.customerMessages(ids, readerId), this.labelsOf(ids)]);
    return page.map((row) => ({
      id: row.id,
      status: parseConversationStatus(row.status),
      channel: row.channel,
      language: row.locale,
      priority: Number(row.priority),
      queueReason: row.queueReason,
      queuedAt: toDateOrNull(row.queuedAt),
      waitingSeconds: row.queuedAt ? Math.max(0, Math.round((now.getTime() - toDate(row.queuedAt).getTime()) / 1000)) : null,
      lastMessageAt: toDate(row.lastMessageAt),
      lastStaffReplyAt: toDateOrNull(row.lastStaffReplyAt),
      customer: { id: row.customerId, name: row.customerName, tier: isTier(row.tier) ? row.tier : 'C', isKey: Boolean(row.isKey) },
      assignedStaff: row.staffId ? ({ id: row.staffId, name: row.staffName ?? '', email: row.staffEmail ?? '' } satisfies StaffRef) : null,
      lastMessage: latest.get(row.id) ?? null,
      unread: counts.get(row.id)?.unread ?? 0,
      lastCustomerMessageAt: counts.get(row.id)?.lastAt ?? null,
      labels: labels.get(row.id) ?? [],
    }));
  }

  private conditions(filter: QueueFilter): { where: string; params: SqlValue[] } {
    const conditions = ['v."status" = ?'];
    const params: SqlValue[] = [filter.status];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      conditions.push(`${column} = ?`);
      params.push(value);
    };
    equal('v."channel"', filter.channel);
    equal('v."locale"', filter.language);
    equal('u."tier"', filter.tier);
    equal('v."queueReason"', filter.reason);
    if (filter.assignee === 'none') conditions.push('v."assignedStaffId" IS NULL');
    else equal('v."assignedStaffId"', filter.assignee?.staffId);
    if (filter.label !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM "ConversationLabel" l WHERE l."conversationId" = v."id" AND l."label" = ?)');
      params.push(filter.label);
    }
    const q = filter.q?.trim();
    if (q) {
      const search = this.search(q);
      conditions.push(`(${search.where})`);
      params.push(...search.params);
    }
    return { where: conditions.join(' AND '), params };
  }

  /**
   * The customer by name, phone or order number, as the customer list finds them (one translation
   * of phone spellings for both), or an order number the bot collected in one of their cases, or
   * the text of a message in the conversation.
   */
  private search(q: string): { where: string; params: SqlValue[] } {
    const dialect = this.sql.dialect;
    const customer = customerFilterSql({ q, includeErased: true }, dialect, this.phoneRegion);
    // Case facts are JSON.stringify'd: the order number is the text "orderNumber":"<number>".
    const facts = [q, q.toUpperCase()].map((n) => `%${escapeLike(`"orderNumber":${JSON.stringify(n)}`)}%`);
    const text = `%${escapeLike(q)}%`;
    const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    return {
      where: [
        `EXISTS (SELECT 1 FROM "Customer" c WHERE c."id" = v."customerId" AND (${customer.where}))`,
        `EXISTS (SELECT 1 FROM "Case" k WHERE k."customerId" = v."customerId" AND (k."facts" LIKE ? ESCAPE '\\' OR k."facts" LIKE ? ESCAPE '\\'))`,
        `EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = v."id" AND m."text" ${like} ? ESCAPE '\\')`,
      ].join(' OR '),
      params: [...customer.params, ...facts, text],
    };
  }

  private async latestMessages(ids: string[]): Promise<Map<string, LastMessage>> {
    const rows = await this.sql.query<{ conversationId: string; text: string; author: string; createdAt: unknown }>(
      `SELECT m."conversationId", SUBSTR(m."text", 1, ${PREVIEW_CHARS}) AS "text", m."author", m."createdAt" FROM "Message" m
        WHERE m."id" IN (SELECT MAX(l."id") FROM "Message" l WHERE l."conversationId" IN (${marks(ids)}) GROUP BY l."conversationId")`,
      ids,
    );
    return new Map(rows.map((r) => [r.conversationId, { text: r.text, author: parseMessageAuthor(r.author), at: toDate(r.createdAt) }]));
  }

  /** Per conversation: the customer's messages after the reader's read marker, and when the customer last wrote. */
  private async customerMessages(ids: string[], readerId: string): Promise<Map<string, { unread: number; lastAt: Date | null }>> {
    const rows = await this.sql.query<{ conversationId: string; unread: number | string; lastAt: unknown }>(
      `SELECT m."conversationId", SUM(CASE WHEN r."readAt" IS NULL OR m."createdAt" > r."readAt" THEN 1 ELSE 0 END) AS "unread", MAX(m."createdAt") AS "lastAt"
         FROM "Message" m LEFT JOIN "ConversationRead" r ON r."conversationId" = m."conversationId" AND r."staffId" = ?
        WHERE m."conversationId" IN (${marks(ids)}) AND m."author" = 'customer'
        GROUP BY m."conversationId"`,
      [readerId, ...ids],
    );
    return new Map(rows.map((r) => [r.conversationId, { unread: Number(r.unread), lastAt: toDateOrNull(r.lastAt) }]));
  }

  private async labelsOf(ids: string[]): Promise<Map<string, string[]>> {
    const rows = await this.sql.query<{ conversationId: string; label: string }>(
      `SELECT "conversationId", "label" FROM "ConversationLabel" WHERE "conversationId" IN (${marks(ids)}) ORDER BY "label"`,
      ids,
    );
    const labels = new Map<string, string[]>();
    for (const r of rows) labels.set(r.conversationId, [...(labels.get(r.conversationId) ?? []), r.label]);
    return labels;
  }
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
