// Staff merges of profile cards, their undo, and the cards that look like duplicates (see join-cards.ts).

import type { DuplicateGroup, MergeRecord, MergeStore } from '../console/merges/merge-ports.ts';
import { DomainError } from '../domain/domain-error.ts';
import { joinCards, separateCards, type MergeSnapshot } from './join-cards.ts';
import { LIVE_CARD_SQL } from './sql/live-card.ts';
import { toDate, toDateOrNull, type SqlDriver, type SqlExecutor } from './sql/sql-driver.ts';
import { insertAudit } from './sql/common-rows.ts';

interface MergeRow {
  id: string;
  keptId: string;
  mergedId: string;
  staffId: string;
  snapshot: string;
  createdAt: unknown;
  undoneAt: unknown;
}

export class SqlMergeStore implements MergeStore {
  constructor(private readonly sql: SqlDriver) {}

  merge(keptId: string, mergedId: string, staffId: string, now: Date): Promise<MergeRecord> {
    if (keptId === mergedId) return Promise.reject(new DomainError('invalid_request', 'a card cannot be merged into itself'));
    return this.sql.transaction(async (tx) => {
      for (const id of [keptId, mergedId]) await assertLiveCard(tx, id);
      const { mergeId } = await joinCards(tx, { kept: keptId, merged: mergedId, by: staffId, now });
      await insertAudit(tx, { actorType: 'staff', actorId: staffId, action: 'customer.merged', entity: 'Customer', entityId: keptId, details: { from: mergedId, mergeId, by: 'staff' }, now });
      return { id: mergeId, keptId, mergedId, by: staffId, createdAt: now, undoneAt: null };
    });
  }

  undo(mergeId: string, staffId: string, now: Date): Promise<MergeRecord> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<MergeRow>('SELECT * FROM "CustomerMerge" WHERE "id" = ?', [mergeId]);
      if (!row) throw new DomainError('not_found', `no merge ${mergeId}`);
      if (row.undoneAt !== null) throw new DomainError('conflict', `merge ${mergeId} was undone already`);
      const later = await mergedAwayInto(tx, row.keptId);
      if (later) throw new DomainError('conflict', `card ${row.keptId} was merged into ${later.keptId} since; undo that merge (${later.id}) first`);
      const snapshot = JSON.parse(row.snapshot) as Partial<MergeSnapshot>;
      if (!snapshot.before || !snapshot.after || !snapshot.moved) throw new DomainError('conflict', `a card of merge ${mergeId} was erased on request since; the merge cannot be undone`);
      await separateCards(tx, { kept: row.keptId, merged: row.mergedId, snapshot: snapshot as MergeSnapshot, now });
      await tx.execute('UPDATE "CustomerMerge" SET "undoneAt" = ? WHERE "id" = ?', [now, mergeId]);
      await insertAudit(tx, { actorType: 'staff', actorId: staffId, action: 'customer.merge_undone', entity: 'Customer', entityId: row.keptId, details: { separated: row.mergedId, mergeId }, now });
      return { ...toRecord(row), undoneAt: now };
    });
  }

  async mergesOf(customerId: string): Promise<MergeRecord[]> {
    const rows = await this.sql.query<MergeRow>('SELECT * FROM "CustomerMerge" WHERE "keptId" = ? OR "mergedId" = ? ORDER BY "createdAt" DESC, "id"', [customerId, customerId]);
    return rows.map(toRecord);
  }

  async duplicates(page: number, pageSize: number): Promise<{ groups: DuplicateGroup[]; total: number }> {
    const shared = `SELECT 'phone' AS "match", c."phone" AS "value" FROM "Customer" c WHERE ${LIVE_CARD_SQL} AND c."phone" IS NOT NULL GROUP BY c."phone" HAVING COUNT(*) > 1
       UNION ALL
       SELECT 'email' AS "match", LOWER(c."email") AS "value" FROM "Customer" c WHERE ${LIVE_CARD_SQL} AND c."email" IS NOT NULL GROUP BY LOWER(c."email") HAVING COUNT(*) > 1`;
    const [counted] = await this.sql.query<{ total: number | string }>(`SELECT COUNT(*) AS "total" FROM (${shared}) g`);
    const keys = await this.sql.query<{ match: 'phone' | 'email'; value: string }>(`SELECT * FROM (${shared}) g ORDER BY "match" DESC, "value" LIMIT ? OFFSET ?`, [pageSize, (page - 1) * pageSize]);
    const groups = await Promise.all(keys.map(async ({ match, value }) => ({ match, value, customers: await this.cardsSharing(match, value) })));
    return { groups, total: Number(counted?.total ?? 0) };
  }

  private async cardsSharing(match: 'phone' | 'email', value: string): Promise<DuplicateGroup['customers']> {
    const where = match === 'phone' ? 'c."phone" = ?' : 'LOWER(c."email") = ?';
    const rows = await this.sql.query<{ id: string; name: string | null; phone: string | null; email: string | null; createdAt: unknown }>(
      `SELECT c."id", c."name", c."phone", c."email", c."createdAt" FROM "Customer" c WHERE ${LIVE_CARD_SQL} AND ${where} ORDER BY c."createdAt", c."id"`,
      [value],
    );
    return rows.map((r) => ({ ...r, createdAt: toDate(r.createdAt) }));
  }
}

async function assertLiveCard(tx: SqlExecutor, customerId: string): Promise<void> {
  const [card] = await tx.query<{ erasedAt: unknown }>('SELECT "erasedAt" FROM "Customer" WHERE "id" = ?', [customerId]);
  if (!card) throw new DomainError('not_found', `no customer ${customerId}`);
  if (card.erasedAt !== null) throw new DomainError('conflict', `customer ${customerId} was erased on request; an erased card cannot be merged`);
  const into = await mergedAwayInto(tx, customerId);
  if (into) throw new DomainError('conflict', `card ${customerId} was merged into ${into.keptId} already; use that card`);
}

/** The standing merge that emptied this card into another, if any. */
async function mergedAwayInto(tx: SqlExecutor, customerId: string): Promise<{ id: string; keptId: string } | undefined> {
  const [row] = await tx.query<{ id: string; keptId: string }>('SELECT "id", "keptId" FROM "CustomerMerge" WHERE "mergedId" = ? AND "undoneAt" IS NULL', [customerId]);
  return row;
}

function toRecord(row: MergeRow): MergeRecord {
  return { id: row.id, keptId: row.keptId, mergedId: row.mergedId, by: row.staffId, createdAt: toDate(row.createdAt), undoneAt: toDateOrNull(row.undoneAt) };
}
