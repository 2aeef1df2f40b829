// Two profile cards of one person become one (a verified phone proves it, or staff decide it), and
// the join can be undone: what moved and what the kept card held before are kept in a
// CustomerMerge row. The merged card stays behind, empty of records, so an undo can refill it.

import { randomUUID } from 'node:crypto';
import { mergeCards, type MergeableCard } from '../domain/card-merge.ts';
import { parseObject } from './json-object.ts';
import { toDateOrNull, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';

/** Tables whose rows belong to a customer and move with a merge. */
const OWNED_TABLES = ['ChannelIdentity', 'Conversation', 'Contact', 'Case', 'Commitment', 'FollowUp', 'Survey', 'ChatRating', 'Order', 'SegmentChange', 'CrisisNotice'] as const;

const CARD_COLUMNS = [
  'name',
  'email',
  'country',
  'birthday',
  'keyAccountManagerId',
  'phoneVerifiedAt',
  'lastContactAt',
  'isKey',
  'optOutGreetings',
  'optOutMarketing',
  'purchaseTotalCents',
  'attributes',
] as const;
type CardColumn = (typeof CARD_COLUMNS)[number];
type CardValues = Record<CardColumn, SqlValue>;

/** What a CustomerMerge row keeps to undo the join. */
export interface MergeSnapshot {
  /** The kept card's fields before the join, and after it (a field changed since is left alone by an undo). */
  before: CardValues;
  after: CardValues;
  /** Ids of the rows that moved from the merged card to the kept one, by table. */
  moved: Record<string, string[]>;
}

export interface JoinedCards {
  mergeId: string;
  snapshot: MergeSnapshot;
}

/** Joins `merged` into `kept` inside the caller's transaction and records the merge (by 'system' or a staff id). */
export async function joinCards(tx: SqlExecutor, { kept, merged, by, now }: { kept: string; merged: string; by: string; now: Date }): Promise<JoinedCards> {
  const [keptRow, mergedRow] = await Promise.all([readCardValues(tx, kept), readCardValues(tx, merged)]);
  const card = mergeCards(toMergeable(keptRow), toMergeable(mergedRow));
  const after: CardValues = { ...card, attributes: JSON.stringify(card.attributes) };
  await writeCardValues(tx, kept, after, now);
  const moved: Record<string, string[]> = {};
  for (const table of OWNED_TABLES) moved[table] = await moveRows(tx, table, merged, kept);
  moved.ContactPoint = await moveContactPoints(tx, merged, kept);
  const snapshot: MergeSnapshot = { before: keptRow, after: await readCardValues(tx, kept), moved };
  const mergeId = randomUUID();
  await tx.execute('INSERT INTO "CustomerMerge" ("id", "keptId", "mergedId", "staffId", "snapshot", "createdAt") VALUES (?, ?, ?, ?, ?, ?)', [
    mergeId,
    kept,
    merged,
    by,
    JSON.stringify(snapshot),
    now,
  ]);
  return { mergeId, snapshot };
}

/** Moves the recorded rows back to the merged card and restores the kept card's fields no one changed since. */
export async function separateCards(tx: SqlExecutor, { kept, merged, snapshot, now }: { kept: string; merged: string; snapshot: MergeSnapshot; now: Date }): Promise<void> {
  const current = await readCardValues(tx, kept);
  const restored = { ...current };
  for (const column of CARD_COLUMNS) {
    if (sameValue(current[column], snapshot.after[column])) restored[column] = snapshot.before[column];
  }
  await writeCardValues(tx, kept, restored, now);
  for (const [table, ids] of Object.entries(snapshot.moved)) {
    if (!isMovableTable(table)) continue;
    for (const id of ids) await tx.execute(`UPDATE "${table}" SET "customerId" = ? WHERE "id" = ? AND "customerId" = ?`, [merged, id, kept]);
  }
}

function isMovableTable(table: string): boolean {
  return table === 'ContactPoint' || (OWNED_TABLES as readonly string[]).includes(table);
}

async function moveRows(tx: SqlExecutor, table: string, from: string, to: string): Promise<string[]> {
  const rows = await tx.query<{ id: string | number }>(`SELECT "id" FROM "${table}" WHERE "customerId" = ?`, [from]);
  if (rows.length > 0) await tx.execute(`UPDATE "${table}" SET "customerId" = ? WHERE "customerId" = ?`, [to, from]);
  return rows.map((r) => String(r.id));
}

/** Further phones and emails the kept card lacks; ones it already has stay with the merged card (unique per card). */
async function moveContactPoints(tx: SqlExecutor, from: string, to: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT p."id" FROM "ContactPoint" p WHERE p."customerId" = ?
       AND NOT EXISTS (SELECT 1 FROM "ContactPoint" k WHERE k."customerId" = ? AND k."kind" = p."kind" AND k."value" = p."value")`,
    [from, to],
  );
  for (const { id } of rows) await tx.execute('UPDATE "ContactPoint" SET "customerId" = ? WHERE "id" = ?', [to, id]);
  return rows.map((r) => r.id);
}

async function readCardValues(tx: SqlExecutor, customerId: string): Promise<CardValues> {
  const [row] = await tx.query<Record<CardColumn, unknown>>(`SELECT ${CARD_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Customer" WHERE "id" = ?`, [customerId]);
  if (!row) throw new Error(`no customer ${customerId}`);
  return {
    name: row.name as string | null,
    email: row.email as string | null,
    country: row.country as string | null,
    birthday: toDateOrNull(row.birthday),
    keyAccountManagerId: row.keyAccountManagerId as string | null,
    phoneVerifiedAt: toDateOrNull(row.phoneVerifiedAt),
    lastContactAt: toDateOrNull(row.lastContactAt),
    isKey: Boolean(row.isKey),
    optOutGreetings: Boolean(row.optOutGreetings),
    optOutMarketing: Boolean(row.optOutMarketing),
    purchaseTotalCents: Number(row.purchaseTotalCents),
    attributes: String(row.attributes),
  };
}

async function writeCardValues(tx: SqlExecutor, customerId: string, values: CardValues, now: Date): Promise<void> {
  await tx.execute(`UPDATE "Customer" SET ${CARD_COLUMNS.map((c) => `"${c}" = ?`).join(', ')}, "updatedAt" = ? WHERE "id" = ?`, [
    ...CARD_COLUMNS.map((c) => reviveDate(c, values[c])),
    now,
    customerId,
  ]);
}

/** A snapshot read back from JSON holds dates as ISO strings. */
function reviveDate(column: CardColumn, value: SqlValue): SqlValue {
  const isDateColumn = column === 'birthday' || column === 'phoneVerifiedAt' || column === 'lastContactAt';
  return isDateColumn && typeof value === 'string' ? new Date(value) : value;
}

function sameValue(a: SqlValue, b: SqlValue): boolean {
  const plain = (v: SqlValue) => (v instanceof Date ? v.toISOString() : v);
  return plain(a) === plain(b);
}

function toMergeable(values: CardValues): MergeableCard {
  return {
    name: values.name as string | null,
    email: values.email as string | null,
    country: values.country as string | null,
    birthday: values.birthday as Date | null,
    keyAccountManagerId: values.keyAccountManagerId as string | null,
    phoneVerifiedAt: values.phoneVerifiedAt as Date | null,
    lastContactAt: values.lastContactAt as Date | null,
    isKey: Boolean(values.isKey),
    optOutGreetings: Boolean(values.optOutGreetings),
    optOutMarketing: Boolean(values.optOutMarketing),
    purchaseTotalCents: Number(values.purchaseTotalCents),
    attributes: parseObject(String(values.attributes)),
  };
}
