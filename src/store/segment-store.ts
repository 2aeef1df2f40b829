// The computed segments in SQL (both databases): per-customer order figures read set-based, a batch
// of customers at a time; tier, lifecycle and loyalty decided by the pure functions in
// domain/segments; the cards and one SegmentChange row per changed value written in one
// transaction per batch. Pinning and unpinning a tier, its history and the A-tier customers without
// a key account manager are read and written here too.

import { randomUUID } from 'node:crypto';
import type { KeyAccountCandidate, SegmentChangeRecord, SegmentRecomputeResult, SegmentStore, TierChangeListener, TierPinResult, TierUnpinResult } from '../console/segments/segment-ports.ts';
import { assignTier, tierThresholds, type TierThresholds } from '../domain/segments/abc-tier.ts';
import { signalWindows, type CustomerSignals, type SignalWindows } from '../domain/segments/customer-signals.ts';
import { lifecycleStage } from '../domain/segments/lifecycle.ts';
import { loyaltyType } from '../domain/segments/loyalty.ts';
import { encodeReason, explain, parseStoredReason } from '../domain/segments/segment-reason.ts';
import { SEGMENT_KINDS, type SegmentKind, type SegmentRules } from '../domain/segments/segment-rules.ts';
import { settleSegments, type SegmentChangeDraft } from '../domain/segments/settle-segments.ts';
import { isTier, type Tier } from '../domain/types.ts';
import { toDate, toDateOrNull, type SqlDriver, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';
import { insertAudit } from './sql/common-rows.ts';
import { insertBatches, valuesPlaceholders } from './sql/sql-batches.ts';

/** Customers read and computed together. */
const BATCH = 1000;
const NOT_COUNTED = `LOWER(o."status") NOT IN ('cancelled', 'refunded')`;

interface CardRow {
  id: string;
  tier: string;
  tierPinned: unknown;
  lifecycleStage: string;
  loyalty: string;
  keyAccountManagerId: string | null;
  lastContactAt: unknown;
  createdAt: unknown;
}

interface OrderFigures {
  customerId: string;
  ever: unknown;
  first: unknown;
  last: unknown;
  value: unknown;
  orders12: unknown;
  q1: unknown;
  q2: unknown;
  q3: unknown;
  q4: unknown;
  recent: unknown;
  previous: unknown;
}

interface CardWrite {
  id: string;
  tier: string;
  tierReason: string | null;
  lifecycleStage: string;
  lifecycleReason: string;
  loyalty: string;
  loyaltyReason: string;
  purchaseTotalCents: number;
}

interface ChangeWrite {
  customerId: string;
  kind: SegmentKind;
  from: string;
  to: string;
  reason: string;
  actor: string;
}

export class SqlSegmentStore implements SegmentStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly rules: SegmentRules,
    /** Told of tier changes once committed (outgoing webhooks). */
    private readonly onTierChanged?: TierChangeListener,
  ) {}

  async recompute(now: Date, actorId: string | null): Promise<SegmentRecomputeResult> {
    const windows = signalWindows(now, this.rules);
    const thresholds = tierThresholds(await this.purchaseValues(windows), this.rules.tier);
    const surveys = await this.latestSurveys(now);
    const changed: Record<SegmentKind, number> = { tier: 0, lifecycle: 0, loyalty: 0 };
    let customers = 0;
    let after = '';
    for (;;) {
      const cards = await this.sql.query<CardRow>(
        `SELECT "id", "tier", "tierPinned", "lifecycleStage", "loyalty", "keyAccountManagerId", "lastContactAt", "createdAt"
           FROM "Customer" WHERE "erasedAt" IS NULL AND "id" > ? ORDER BY "id" LIMIT ?`,
        [after, BATCH],
      );
      if (!cards.length) break;
      const last = cards.at(-1)!.id;
      const figures = await this.orderFigures(after, last, windows);
      after = last;
      const writes: CardWrite[] = [];
      const changes: ChangeWrite[] = [];
      for (const card of cards) {
        const signals = signalsOf(card, figures.get(card.id), surveys.get(card.id) ?? null);
        const settled = this.settle(card, signals, thresholds, now);
        writes.push(settled.write);
        for (const change of settled.changes) {
          changed[change.kind] += 1;
          changes.push({ customerId: card.id, kind: change.kind, from: change.from, to: change.to, reason: encodeReason(change), actor: 'system' });
        }
      }
      await this.sql.transaction(async (tx) => {
        await writeCards(tx, writes, now);
        await insertChanges(tx, changes, now);
      });
      this.tellTierChanges(changes);
      customers += cards.length;
    }
    const [waiting] = await this.sql.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "Customer" WHERE "erasedAt" IS NULL AND "tier" = 'A' AND "keyAccountManagerId" IS NULL`);
    const result = { customers, changed, needKeyAccountManager: Number(waiting?.n ?? 0), computedAt: now };
    await insertAudit(this.sql, {
      actorType: actorId ? 'staff' : 'system',
      actorId,
      action: 'segments.recomputed',
      entity: 'Segments',
      entityId: 'all',
      details: { customers, changed, needKeyAccountManager: result.needKeyAccountManager, thresholds: thresholdsForAudit(thresholds) },
      now,
    });
    return result;
  }

  async pinTier(customerId: string, tier: Tier, text: string, staff: { id: string; name: string }, now: Date): Promise<TierPinResult> {
    const result = await this.pinTierInTransaction(customerId, tier, text, staff, now);
    if ('pinned' in result && result.pinned.from !== tier) this.tellTierChanges([{ customerId, kind: 'tier', from: result.pinned.from, to: tier, reason: '', actor: `staff:${staff.id}` }], 'pinned');
    return result;
  }

  private async pinTierInTransaction(customerId: string, tier: Tier, text: string, staff: { id: string; name: string }, now: Date): Promise<TierPinResult> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ tier: string; erasedAt: unknown }>('SELECT "tier", "erasedAt" FROM "Customer" WHERE "id" = ?', [customerId]);
      if (!row) return { refused: 'not_found' };
      if (row.erasedAt !== null) return { refused: 'erased' };
      const why = explain('pinned', { tier, staff: staff.name, text });
      await tx.execute('UPDATE "Customer" SET "tier" = ?, "tierPinned" = ?, "tierReason" = ?, "updatedAt" = ? WHERE "id" = ?', [tier, true, encodeReason(why), now, customerId]);
      await insertChanges(tx, [{ customerId, kind: 'tier', from: row.tier, to: tier, reason: encodeReason(why), actor: `staff:${staff.id}` }], now);
      await insertAudit(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'customer.tier_pinned',
        entity: 'Customer',
        entityId: customerId,
        details: { from: row.tier, to: tier, reason: text },
        now,
      });
      return { pinned: { tier, tierPinned: true, tierReason: why, from: row.tier } };
    });
  }

  async unpinTier(customerId: string, staffId: string, now: Date): Promise<TierUnpinResult> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ tier: string; tierPinned: unknown; tierReason: string | null; erasedAt: unknown }>(
        'SELECT "tier", "tierPinned", "tierReason", "erasedAt" FROM "Customer" WHERE "id" = ?',
        [customerId],
      );
      if (!row) return { refused: 'not_found' };
      if (row.erasedAt !== null) return { refused: 'erased' };
      const tier = tierOrC(row.tier);
      if (!row.tierPinned) return { unpinned: { tier, tierPinned: false, tierReason: parseStoredReason(row.tierReason), wasPinned: false } };
      const why = explain('unpinned');
      await tx.execute('UPDATE "Customer" SET "tierPinned" = ?, "tierReason" = ?, "updatedAt" = ? WHERE "id" = ?', [false, encodeReason(why), now, customerId]);
      await insertAudit(tx, {
        actorType: 'staff',
        actorId: staffId,
        action: 'customer.tier_unpinned',
        entity: 'Customer',
        entityId: customerId,
        details: { tier: row.tier, pinnedReason: parseStoredReason(row.tierReason)?.reason.en ?? null },
        now,
      });
      return { unpinned: { tier, tierPinned: false, tierReason: why, wasPinned: true } };
    });
  }

  async history(customerId: string, limit: number): Promise<SegmentChangeRecord[] | null> {
    const [customer] = await this.sql.query<{ id: string }>('SELECT "id" FROM "Customer" WHERE "id" = ?', [customerId]);
    if (!customer) return null;
    const rows = await this.sql.query<{ id: string; kind: string; from: string; to: string; reason: string; actor: string; createdAt: unknown }>(
      'SELECT "id", "kind", "from", "to", "reason", "actor", "createdAt" FROM "SegmentChange" WHERE "customerId" = ? ORDER BY "createdAt" DESC, "id" LIMIT ?',
      [customerId, limit],
    );
    return rows.map((r) => {
      const why = parseStoredReason(r.reason) ?? { rule: 'unknown', reason: { zh: '', en: '' } };
      return { id: r.id, kind: parseKind(r.kind), from: r.from, to: r.to, rule: why.rule, reason: why.reason, actor: r.actor, createdAt: toDate(r.createdAt) };
    });
  }

  async needingKeyAccountManager(offset: number, limit: number): Promise<{ customers: KeyAccountCandidate[]; total: number }> {
    const where = `"erasedAt" IS NULL AND "tier" = 'A' AND "keyAccountManagerId" IS NULL`;
    const [rows, [count]] = await Promise.all([
      this.sql.query<{ id: string; name: string | null; tier: string; tierPinned: unknown; tierReason: string | null; purchaseTotalCents: unknown; segmentsComputedAt: unknown }>(
        `SELECT "id", "name", "tier", "tierPinned", "tierReason", "purchaseTotalCents", "segmentsComputedAt" FROM "Customer" WHERE ${where}
          ORDER BY "purchaseTotalCents" DESC, "id" LIMIT ? OFFSET ?`,
        [limit, offset],
      ),
      this.sql.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "Customer" WHERE ${where}`),
    ]);
    return {
      customers: rows.map((r) => ({
        id: r.id,
        name: r.name,
        tier: tierOrC(r.tier),
        tierPinned: Boolean(r.tierPinned),
        tierReason: parseStoredReason(r.tierReason),
        purchaseTotalCents: Number(r.purchaseTotalCents),
        segmentsComputedAt: toDateOrNull(r.segmentsComputedAt),
      })),
      total: Number(count?.n ?? 0),
    };
  }

  /** A tier pinned meanwhile keeps its value on the card (writeCards), but its change row is written all the same; told alike. */
  private tellTierChanges(changes: readonly ChangeWrite[], rule?: string): void {
    if (!this.onTierChanged) return;
    const tiers = changes.filter((c) => c.kind === 'tier');
    if (!tiers.length) return;
    this.onTierChanged(tiers.map((c) => ({ customerId: c.customerId, from: tierOrC(c.from), to: tierOrC(c.to), rule: rule ?? parseStoredReason(c.reason)?.rule ?? 'unknown', actor: c.actor })));
  }

  private settle(card: CardRow, signals: CustomerSignals, thresholds: TierThresholds, now: Date): { write: CardWrite; changes: SegmentChangeDraft[] } {
    const tierPinned = Boolean(card.tierPinned);
    const settled = settleSegments(
      { tier: card.tier, tierPinned, lifecycleStage: card.lifecycleStage, loyalty: card.loyalty, keyAccountManagerId: card.keyAccountManagerId },
      {
        tier: assignTier(signals.valueCents, thresholds, this.rules.currency),
        lifecycle: lifecycleStage(signals, this.rules.lifecycle, now, card.lifecycleStage),
        loyalty: loyaltyType(signals, this.rules.loyalty, now),
      },
    );
    return {
      write: {
        id: card.id,
        tier: settled.tier?.value ?? card.tier,
        tierReason: settled.tier ? encodeReason(settled.tier.why) : null,
        lifecycleStage: settled.lifecycle.value,
        lifecycleReason: encodeReason(settled.lifecycle.why),
        loyalty: settled.loyalty.value,
        loyaltyReason: encodeReason(settled.loyalty.why),
        purchaseTotalCents: signals.valueCents,
      },
      changes: settled.changes,
    };
  }

  /** Every live customer's purchase value over the trailing 12 months (only those who bought). */
  private async purchaseValues(windows: SignalWindows): Promise<number[]> {
    // Summed in the order of the (customerId, placedAt) index, without a join: erased customers
    // (a handful) are dropped afterwards. A join or a range on placedAt costs a sort of every order.
    const [rows, erased] = await Promise.all([
      this.sql.query<{ customerId: string; value: unknown }>(
        `SELECT o."customerId" AS "customerId", SUM(CASE WHEN o."placedAt" >= ? AND o."placedAt" <= ? THEN o."amountCents" ELSE 0 END) AS "value"
           FROM "Order" o WHERE ${NOT_COUNTED} GROUP BY o."customerId"`,
        [windows.trailingStart, windows.now],
      ),
      this.sql.query<{ id: string }>('SELECT "id" FROM "Customer" WHERE "erasedAt" IS NOT NULL'),
    ]);
    const skipped = new Set(erased.map((r) => r.id));
    return rows.flatMap((r) => (skipped.has(r.customerId) ? [] : [Number(r.value)]));
  }

  /** Each customer's latest survey (a revisit's satisfaction) up to now. */
  private async latestSurveys(now: Date): Promise<Map<string, { satisfied: boolean; at: Date }>> {
    const rows = await this.sql.query<{ customerId: string; satisfied: unknown; createdAt: unknown }>(
      `SELECT s."customerId", s."satisfied", s."createdAt" FROM "Survey" s
         JOIN (SELECT "customerId", MAX("createdAt") AS "at" FROM "Survey" WHERE "createdAt" <= ? GROUP BY "customerId") l
           ON l."customerId" = s."customerId" AND l."at" = s."createdAt"`,
      [now],
    );
    const latest = new Map<string, { satisfied: boolean; at: Date }>();
    // Two surveys at the same instant: the unsatisfied one counts (a complaint is not outweighed by a tie).
    for (const r of rows) if (!latest.has(r.customerId) || !r.satisfied) latest.set(r.customerId, { satisfied: Boolean(r.satisfied), at: toDate(r.createdAt) });
    return latest;
  }

  /** Order figures of the customers with ids in (after, last], in one grouped query. */
  private async orderFigures(after: string, last: string, w: SignalWindows): Promise<Map<string, OrderFigures>> {
    const counted = (from: Date, to?: Date): [string, SqlValue[]] =>
      to ? [`SUM(CASE WHEN o."placedAt" >= ? AND o."placedAt" < ? THEN 1 ELSE 0 END)`, [from, to]] : [`SUM(CASE WHEN o."placedAt" >= ? THEN 1 ELSE 0 END)`, [from]];
    const [q1, q2, q3, q4] = w.quarterStarts;
    const columns: [string, [string, SqlValue[]]][] = [
      ['value', [`SUM(CASE WHEN o."placedAt" >= ? THEN o."amountCents" ELSE 0 END)`, [w.trailingStart]]],
      ['orders12', counted(w.trailingStart)],
      ['q1', counted(q1, q2)],
      ['q2', counted(q2, q3)],
      ['q3', counted(q3, q4)],
      ['q4', counted(q4)],
      ['recent', counted(w.recentStart)],
      ['previous', counted(w.previousStart, w.recentStart)],
    ];
    const rows = await this.sql.query<OrderFigures>(
      `SELECT o."customerId" AS "customerId", COUNT(*) AS "ever", MIN(o."placedAt") AS "first", MAX(o."placedAt") AS "last",
              ${columns.map(([name, [expression]]) => `${expression} AS "${name}"`).join(', ')}
         FROM "Order" o
        WHERE o."customerId" > ? AND o."customerId" <= ? AND ${NOT_COUNTED} AND o."placedAt" <= ?
        GROUP BY o."customerId"`,
      [...columns.flatMap(([, [, params]]) => params), after, last, w.now],
    );
    return new Map(rows.map((r) => [r.customerId, r]));
  }
}

function signalsOf(card: CardRow, figures: OrderFigures | undefined, survey: { satisfied: boolean; at: Date } | null): CustomerSignals {
  const n = (value: unknown) => Number(value ?? 0);
  return {
    valueCents: Math.max(0, n(figures?.value)),
    ordersEver: n(figures?.ever),
    ordersLast12Months: n(figures?.orders12),
    activeQuarters: figures ? [figures.q1, figures.q2, figures.q3, figures.q4].filter((q) => n(q) > 0).length : 0,
    ordersRecentWindow: n(figures?.recent),
    ordersPreviousWindow: n(figures?.previous),
    firstOrderAt: toDateOrNull(figures?.first),
    lastOrderAt: toDateOrNull(figures?.last),
    lastContactAt: toDateOrNull(card.lastContactAt),
    customerSince: toDate(card.createdAt),
    latestSurvey: survey,
  };
}

/** Writes the batch's cards; a tier pinned meanwhile (by a supervisor, since the batch was read) stays. */
async function writeCards(tx: SqlExecutor, writes: readonly CardWrite[], now: Date): Promise<void> {
  for (const rows of insertBatches(writes)) {
    await tx.execute(
      `WITH v("id", "tier", "tierReason", "lifecycleStage", "lifecycleReason", "loyalty", "loyaltyReason", "purchaseTotalCents") AS (
         VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER))').join(', ')}
       )
       UPDATE "Customer" SET
         "tier" = CASE WHEN "Customer"."tierPinned" THEN "Customer"."tier" ELSE v."tier" END,
         "tierReason" = CASE WHEN "Customer"."tierPinned" THEN "Customer"."tierReason" ELSE v."tierReason" END,
         "lifecycleStage" = v."lifecycleStage", "lifecycleReason" = v."lifecycleReason",
         "loyalty" = v."loyalty", "loyaltyReason" = v."loyaltyReason",
         "purchaseTotalCents" = v."purchaseTotalCents", "segmentsComputedAt" = ?, "updatedAt" = ?
       FROM v WHERE "Customer"."id" = v."id"`,
      [...rows.flatMap((r) => [r.id, r.tier, r.tierReason, r.lifecycleStage, r.lifecycleReason, r.loyalty, r.loyaltyReason, r.purchaseTotalCents]), now, now],
    );
  }
}

async function insertChanges(tx: SqlExecutor, changes: readonly ChangeWrite[], now: Date): Promise<void> {
  for (const rows of insertBatches(changes)) {
    await tx.execute(
      `INSERT INTO "SegmentChange" ("id", "customerId", "kind", "from", "to", "reason", "actor", "createdAt") VALUES ${valuesPlaceholders(rows.length, 8)}`,
      rows.flatMap((c) => [randomUUID(), c.customerId, c.kind, c.from, c.to, c.reason, c.actor, now]),
    );
  }
}

function thresholdsForAudit(t: TierThresholds): Record<string, unknown> {
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return { method: t.method, aMinCents: finite(t.aMinCents), bMinCents: finite(t.bMinCents) };
}

/** A tier as stored, an unknown one read as C: the recomputation sets it right rather than stopping. */
function tierOrC(value: string): Tier {
  return isTier(value) ? value : 'C';
}

function parseKind(value: string): SegmentKind {
  return (SEGMENT_KINDS as readonly string[]).includes(value) ? (value as SegmentKind) : 'tier';
}
