// What LLM mode leaves behind: one LlmUsage row per model call (tokens, cost, latency, outcome),
// and an AuditLog entry for every proposal the policy refused and every rewrite the guard rejected.

import type { LlmRecords } from '../llm/llm-assist.ts';
import type { ModelUsage } from '../llm/model-client.ts';
import { insertSystemAudit } from './sql/common-rows.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export interface LlmTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

export class SqlLlmRecords implements LlmRecords {
  constructor(
    private readonly sql: SqlDriver,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async usage(conversationId: string, usage: ModelUsage & { costMicros: number }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "LlmUsage" ("conversationId", "purpose", "model", "promptTokens", "completionTokens", "costMicros", "latencyMs", "outcome", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [conversationId, usage.purpose, usage.model, usage.promptTokens, usage.completionTokens, usage.costMicros, Math.round(usage.latencyMs), usage.outcome, this.clock()],
    );
  }

  async refusal(conversationId: string, event: { kind: string; details: Record<string, unknown> }): Promise<void> {
    await insertSystemAudit(this.sql, { action: `llm.${event.kind}`, entity: 'Conversation', entityId: conversationId, details: JSON.stringify(event.details).slice(0, 4000), now: this.clock() });
  }

  async totals(conversationId: string): Promise<LlmTotals> {
    const [row] = await this.sql.query<{ calls: number | string; promptTokens: number | string | null; completionTokens: number | string | null; costMicros: number | string | null }>(
      `SELECT COUNT(*) AS "calls", SUM("promptTokens") AS "promptTokens", SUM("completionTokens") AS "completionTokens", SUM("costMicros") AS "costMicros"
         FROM "LlmUsage" WHERE "conversationId" = ? AND "outcome" <> 'skipped'`,
      [conversationId],
    );
    return { calls: Number(row?.calls ?? 0), promptTokens: Number(row?.promptTokens ?? 0), completionTokens: Number(row?.completionTokens ?? 0), costMicros: Number(row?.costMicros ?? 0) };
  }
}
