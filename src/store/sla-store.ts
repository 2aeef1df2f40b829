// The SLA pass's reads and marks on the SQL drivers: the conversations with people (a short list:
// the staff queue and the held ones) and conditional one-row updates, so a breach or a delay
// notice of one handoff is marked once whichever process gets there first.

import type { SlaKind } from '../domain/sla/sla-timer.ts';
import { isTier } from '../domain/types.ts';
import type { SlaConversation, SlaStore } from '../sla/sla-ports.ts';
import { toDate, toDateOrNull, type SqlDriver } from './sql/sql-driver.ts';

interface Row {
  id: string;
  customerId: string;
  channel: string;
  status: string;
  priority: number | string;
  locale: string;
  tier: string;
  timezone: string;
  queuedAt: unknown;
  lastStaffReplyAt: unknown;
  slaFirstReplyBreachedAt: unknown;
  slaResolutionBreachedAt: unknown;
  delayNoticeAt: unknown;
  assignedStaffId: string | null;
  flowState: string;
}

const BREACH_COLUMN: Record<SlaKind, string> = { first_reply: 'slaFirstReplyBreachedAt', resolution: 'slaResolutionBreachedAt' };

export class SqlSlaStore implements SlaStore {
  constructor(private readonly sql: SqlDriver) {}

  async conversationsWithPeople(): Promise<SlaConversation[]> {
    const rows = await this.sql.query<Row>(
      `SELECT c."id", c."customerId", c."channel", c."status", c."priority", c."locale", u."tier", u."timezone", c."queuedAt", c."lastStaffReplyAt",
              c."slaFirstReplyBreachedAt", c."slaResolutionBreachedAt", c."delayNoticeAt", c."assignedStaffId", c."flowState"
         FROM "Conversation" c JOIN "Customer" u ON u."id" = c."customerId"
        WHERE c."status" IN ('queued', 'human') AND c."queuedAt" IS NOT NULL`,
    );
    return rows.map((row) => ({
      id: row.id,
      customerId: row.customerId,
      channel: row.channel,
      status: row.status === 'human' ? 'human' : 'queued',
      priority: Number(row.priority),
      tier: isTier(row.tier) ? row.tier : 'C',
      language: row.locale === 'zh' ? 'zh' : 'en',
      timezone: row.timezone,
      queuedAt: toDate(row.queuedAt),
      lastStaffReplyAt: toDateOrNull(row.lastStaffReplyAt),
      firstReplyBreachedAt: toDateOrNull(row.slaFirstReplyBreachedAt),
      resolutionBreachedAt: toDateOrNull(row.slaResolutionBreachedAt),
      delayNoticeAt: toDateOrNull(row.delayNoticeAt),
      assignedStaffId: row.assignedStaffId,
      overdueToldByBot: /"overdueTold"\s*:\s*true/.test(row.flowState),
    }));
  }

  async markBreach(conversationId: string, kind: SlaKind, queuedAt: Date, now: Date): Promise<boolean> {
    const column = BREACH_COLUMN[kind];
    const changed = await this.sql.execute(
      `UPDATE "Conversation" SET "${column}" = ? WHERE "id" = ? AND "status" IN ('queued', 'human') AND "queuedAt" = ? AND ("${column}" IS NULL OR "${column}" < "queuedAt")`,
      [now, conversationId, queuedAt],
    );
    return changed === 1;
  }

  async markDelayNotice(conversationId: string, queuedAt: Date, now: Date): Promise<boolean> {
    const changed = await this.sql.execute(
      `UPDATE "Conversation" SET "delayNoticeAt" = ? WHERE "id" = ? AND "status" = 'queued' AND "queuedAt" = ? AND ("delayNoticeAt" IS NULL OR "delayNoticeAt" < "queuedAt")`,
      [now, conversationId, queuedAt],
    );
    return changed === 1;
  }
}
