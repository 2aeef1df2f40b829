// CSV imports written set-based: the cards and orders a file names are looked up with a few IN
// queries, every row is matched in memory, and all rows go out in multi-row INSERT … ON CONFLICT
// statements inside one transaction with the audit entry — or, with any row rejected, nothing does.
//
// Matching a customer row: its external id finds the card that has it. Without one (or when no card
// has it yet) the phone finds the live card with that number (its own, else a further number), then
// the email likewise; a row with an external id only takes a card that has none yet (a different
// external id is a different person in the shop's system). Two cards with that phone or email: the
// row is rejected as ambiguous (merge them first, or give the external id). A row matching a card an
// earlier row of the file already matched is rejected too: the file says two things of one person.

import { randomUUID } from 'node:crypto';
import type { CustomerImportRow, ImportActor, ImportOptions, ImportOutcome, ImportStore, OrderCustomerKeys, OrderImportRow, Rejection } from '../console/csv/import-ports.ts';
import type { ConfirmableField, ConfirmedBy } from '../domain/customer/card-vocabulary.ts';
import { confirmFields, readConfirmations, writeConfirmations, type FieldConfirmations } from '../domain/customer/card-freshness.ts';
import { inferRegion } from '../domain/customer/infer-region.ts';
import { phoneCountry } from '../domain/phone.ts';
import { parseObject } from './json-object.ts';
import { LIVE_CARD_SQL } from './sql/live-card.ts';
import { inListChunks, insertBatches, valuesPlaceholders } from './sql/sql-batches.ts';
import { toDateOrNull, type SqlDriver, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';
import { insertAudit } from './sql/common-rows.ts';

const CARD_COLUMNS = `c."id", c."externalId", c."name", c."phone", c."email", c."birthday", c."country", c."timezone", c."locale", c."fieldConfirmations"`;
/** Languages of the countries whose cards, imported without a locale, are greeted in Chinese. */
const CHINESE_COUNTRIES = new Set(['CN', 'TW', 'HK', 'MO']);

interface CardRow {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: unknown;
  country: string | null;
  timezone: string;
  locale: string;
  fieldConfirmations: string;
}

/** The card as it will be written. */
interface CardValues {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  country: string | null;
  timezone: string;
  locale: string;
  confirmations: FieldConfirmations;
}

/** Cards found by one contact key (a phone or an email): on the card itself, and as a further contact point. */
interface ContactIndex {
  own: Map<string, CardRow[]>;
  further: Map<string, CardRow[]>;
}

type Match = { card: CardRow; via: string } | { ambiguous: string; field: string } | undefined;

export class SqlImportStore implements ImportStore {
  constructor(private readonly sql: SqlDriver) {}

  importCustomers(rows: readonly CustomerImportRow[], options: ImportOptions): Promise<ImportOutcome> {
    return this.inTransaction(options.write, async (tx) => {
      const lock = options.write && tx.dialect === 'postgres' ? ' FOR UPDATE OF c' : '';
      const byExternalId = await cardsByExternalId(
        tx,
        rows.flatMap((r) => (r.externalId ? [r.externalId] : [])),
        lock,
      );
      // Phones and emails are looked up only for rows their external id did not place.
      const unplaced = rows.filter((r) => !r.externalId || !byExternalId.has(r.externalId));
      const phones = await cardsByContact(
        tx,
        'phone',
        unplaced.flatMap((r) => (r.phone ? [r.phone] : [])),
        lock,
      );
      const emails = await cardsByContact(
        tx,
        'email',
        unplaced.flatMap((r) => (r.email ? [r.email] : [])),
        lock,
      );
      const plan = planCustomers(rows, { byExternalId, phones, emails }, options.now);
      const outcome = { imported: plan.created, updated: plan.updated, rejected: plan.rejected };
      if (!options.write || plan.rejected.length) return { ...outcome, written: false };
      await writeCards(tx, plan.cards, options);
      await recordImport(tx, 'customers.imported', options, { rows: rows.length, imported: plan.created, updated: plan.updated });
      return { ...outcome, written: true };
    });
  }

  importOrders(rows: readonly OrderImportRow[], options: ImportOptions): Promise<ImportOutcome> {
    return this.inTransaction(options.write, async (tx) => {
      const byExternalId = await cardsByExternalId(
        tx,
        rows.flatMap((r) => (r.customer.externalId ? [r.customer.externalId] : [])),
        '',
      );
      const unplaced = rows.filter((r) => !r.customer.externalId);
      const phones = await cardsByContact(
        tx,
        'phone',
        unplaced.flatMap((r) => (r.customer.phone ? [r.customer.phone] : [])),
        '',
      );
      const emails = await cardsByContact(
        tx,
        'email',
        unplaced.flatMap((r) => (r.customer.email ? [r.customer.email] : [])),
        '',
      );
      const existing = await ordersByNumber(
        tx,
        rows.map((r) => r.number),
      );
      const rejected: Rejection[] = [];
      const lines = new Map<string, number>();
      const writes: { row: OrderImportRow; id: string; customerId: string }[] = [];
      let imported = 0;
      for (const row of rows) {
        const first = lines.get(row.number);
        if (first !== undefined) {
          rejected.push({ line: row.line, field: 'order_number', message: `order ${row.number} is on line ${first} already` });
          continue;
        }
        lines.set(row.number, row.line);
        const customer = findOrderCustomer(row.customer, byExternalId, phones, emails);
        if ('rejection' in customer) {
          rejected.push({ line: row.line, ...customer.rejection });
          continue;
        }
        const known = existing.get(row.number);
        if (known && known.customerId !== customer.id) {
          rejected.push({ line: row.line, field: 'order_number', message: `order ${row.number} is another customer’s order (card ${known.customerId}); an order never changes hands` });
          continue;
        }
        if (!known) imported += 1;
        writes.push({ row, id: known?.id ?? randomUUID(), customerId: customer.id });
      }
      const outcome = { imported, updated: writes.length - imported, rejected };
      if (!options.write || rejected.length) return { ...outcome, written: false };
      await writeOrders(tx, writes, options);
      await recordImport(tx, 'orders.imported', options, { rows: rows.length, imported, updated: outcome.updated });
      return { ...outcome, written: true };
    });
  }

  /** A write runs in one transaction; a dry run reads without one (and without the write lock). */
  private inTransaction<T>(write: boolean, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return write ? this.sql.transaction(work) : work(this.sql);
  }
}

// ---- lookups ------------------------------------------------------------------------------------

/** Cards by external id, live or not (the id stays unique on an erased or merged card). */
async function cardsByExternalId(tx: SqlExecutor, ids: readonly string[], lock: string): Promise<Map<string, CardRow & { live: boolean }>> {
  const found = new Map<string, CardRow & { live: boolean }>();
  for (const { params, placeholders } of inListChunks(ids)) {
    const rows = await tx.query<CardRow & { live: number | boolean }>(
      `SELECT ${CARD_COLUMNS}, CASE WHEN ${LIVE_CARD_SQL} THEN 1 ELSE 0 END AS "live" FROM "Customer" c WHERE c."externalId" IN (${placeholders})${lock}`,
      params,
    );
    for (const row of rows) found.set(row.externalId!, { ...row, live: Boolean(row.live) });
  }
  return found;
}

/** Live cards with these phones (E.164) or emails (compared lower-cased), on the card and as further contact points. */
async function cardsByContact(tx: SqlExecutor, kind: 'phone' | 'email', values: readonly string[], lock: string): Promise<ContactIndex> {
  const index: ContactIndex = { own: new Map(), further: new Map() };
  const column = kind === 'phone' ? 'c."phone"' : 'LOWER(c."email")';
  for (const { params, placeholders } of inListChunks(values)) {
    const own = await tx.query<CardRow & { key: string }>(`SELECT ${CARD_COLUMNS}, ${column} AS "key" FROM "Customer" c WHERE ${column} IN (${placeholders}) AND ${LIVE_CARD_SQL}${lock}`, params);
    const further = await tx.query<CardRow & { key: string }>(
      `SELECT ${CARD_COLUMNS}, p."value" AS "key" FROM "ContactPoint" p JOIN "Customer" c ON c."id" = p."customerId" WHERE p."kind" = ? AND p."value" IN (${placeholders}) AND ${LIVE_CARD_SQL}${lock}`,
      [kind, ...params],
    );
    addAll(index.own, own);
    addAll(index.further, further);
  }
  return index;
}

function addAll(map: Map<string, CardRow[]>, rows: (CardRow & { key: string })[]): void {
  for (const { key, ...card } of rows) {
    const cards = map.get(key) ?? [];
    if (!cards.some((c) => c.id === card.id)) cards.push(card);
    map.set(key, cards);
  }
}

async function ordersByNumber(tx: SqlExecutor, numbers: readonly string[]): Promise<Map<string, { id: string; customerId: string }>> {
  const found = new Map<string, { id: string; customerId: string }>();
  for (const { params, placeholders } of inListChunks(numbers)) {
    const rows = await tx.query<{ id: string; number: string; customerId: string }>(`SELECT "id", "number", "customerId" FROM "Order" WHERE "number" IN (${placeholders})`, params);
    for (const row of rows) found.set(row.number, { id: row.id, customerId: row.customerId });
  }
  return found;
}

// ---- matching -----------------------------------------------------------------------------------

/** The live card a key finds: its own phone or email first, then a further one; cards with an external id left out when asked. */
function matchContact(index: ContactIndex, value: string | undefined, field: string, withoutExternalId: boolean): Match {
  if (!value) return undefined;
  for (const cards of [index.own.get(value), index.further.get(value)]) {
    const candidates = (cards ?? []).filter((card) => !withoutExternalId || card.externalId === null);
    if (candidates.length === 1) return { card: candidates[0]!, via: field };
    if (candidates.length > 1) return { ambiguous: `${value} is on ${candidates.length} cards (${candidates.map((c) => c.id).join(', ')}): merge them first, or give the external id`, field };
  }
  return undefined;
}

interface CustomerPlan {
  cards: CardValues[];
  created: number;
  updated: number;
  rejected: Rejection[];
}

function planCustomers(rows: readonly CustomerImportRow[], found: { byExternalId: Map<string, CardRow & { live: boolean }>; phones: ContactIndex; emails: ContactIndex }, now: Date): CustomerPlan {
  const rejected: Rejection[] = [];
  const cards = new Map<string, CardValues>();
  /** Card id → the line that matched or created it, and how. */
  const claimed = new Map<string, { line: number; via: string }>();
  /** Keys of the cards this file creates, so a later row naming one is seen as the same person. */
  const created = { externalId: new Map<string, string>(), phone: new Map<string, string>(), email: new Map<string, string>() };
  let createdCount = 0;
  for (const row of rows) {
    const match = matchRow(row);
    if (match && 'ambiguous' in match) {
      rejected.push({ line: row.line, field: match.field, message: match.ambiguous });
      continue;
    }
    if (match && 'rejection' in match) {
      rejected.push(match.rejection);
      continue;
    }
    const id = match ? match.id : randomUUID();
    const earlier = claimed.get(id);
    if (earlier) {
      rejected.push({ line: row.line, field: match!.via, message: `the same customer as line ${earlier.line} (matched by ${match!.via}): put what the file says of them in one row` });
      continue;
    }
    claimed.set(id, { line: row.line, via: match?.via ?? 'external_id' });
    if (match?.card) cards.set(id, mergeCard(match.card, row, now));
    else {
      const card = newCard(id, row, now);
      cards.set(id, card);
      createdCount += 1;
      if (row.externalId) created.externalId.set(row.externalId, id);
      if (row.phone) created.phone.set(row.phone, id);
      if (row.email) created.email.set(row.email, id);
    }
  }
  return { cards: [...cards.values()], created: createdCount, updated: cards.size - createdCount, rejected };

  /** The card (existing, or created by an earlier row) the row is about; undefined for a new one. */
  function matchRow(row: CustomerImportRow): { id: string; via: string; card?: CardRow } | { ambiguous: string; field: string } | { rejection: Rejection } | undefined {
    if (row.externalId) {
      const card = found.byExternalId.get(row.externalId);
      if (card && !card.live)
        return {
          rejection: {
            line: row.line,
            field: 'external_id',
            message: `the card with external id ${row.externalId} (${card.id}) was erased or merged into another card; import its row with that card's external id`,
          },
        };
      if (card) return { id: card.id, via: 'external_id', card };
      const same = created.externalId.get(row.externalId);
      if (same) return { id: same, via: 'external_id' };
    }
    const withoutExternalId = row.externalId !== undefined;
    const existing = matchContact(found.phones, row.phone, 'phone', withoutExternalId) ?? matchContact(found.emails, row.email, 'email', withoutExternalId);
    if (existing && 'ambiguous' in existing) return existing;
    if (existing) return { id: existing.card.id, via: existing.via, card: existing.card };
    // A card an earlier row creates: the same person unless both rows carry (different) external ids.
    for (const [field, key, map] of [
      ['phone', row.phone, created.phone],
      ['email', row.email, created.email],
    ] as const) {
      const same = key ? map.get(key) : undefined;
      if (same && !(withoutExternalId && cards.get(same)?.externalId)) return { id: same, via: field };
    }
    return undefined;
  }
}

const IMPORTED_FIELDS = ['name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale'] as const satisfies readonly ConfirmableField[];

/** The card with the row's cells over its own (an empty cell keeps what the card has). */
function mergeCard(card: CardRow, row: CustomerImportRow, now: Date): CardValues {
  const birthday = toDateOrNull(card.birthday);
  const merged: CardValues = {
    id: card.id,
    externalId: row.externalId ?? card.externalId,
    name: row.name ?? card.name,
    phone: row.phone ?? card.phone,
    email: row.email ?? card.email,
    birthday: row.birthday ?? (birthday ? birthday.toISOString().slice(0, 10) : null),
    country: row.country ?? card.country,
    timezone: row.timezone ?? card.timezone,
    locale: row.locale ?? card.locale,
    confirmations: confirmFields(readConfirmations(parseObject(card.fieldConfirmations)), importedFields(row), 'import', now),
  };
  // A card that does not know its country learns it from its phone; its time zone someone set is left alone.
  return withRegion(merged, true, now, row.phone ? row.phoneCountry : undefined);
}

function newCard(id: string, row: CustomerImportRow, now: Date): CardValues {
  const card: CardValues = {
    id,
    externalId: row.externalId ?? null,
    name: row.name ?? null,
    phone: row.phone ?? null,
    email: row.email ?? null,
    birthday: row.birthday ?? null,
    country: row.country ?? null,
    timezone: row.timezone ?? 'Asia/Shanghai',
    locale: row.locale ?? 'en',
    confirmations: confirmFields({}, importedFields(row), 'import', now),
  };
  const withGuesses = withRegion(card, row.timezone !== undefined, now, row.phoneCountry);
  if (!row.locale && withGuesses.country && CHINESE_COUNTRIES.has(withGuesses.country)) {
    withGuesses.locale = 'zh';
    withGuesses.confirmations = confirmFields(withGuesses.confirmations, ['locale'], 'inferred', now);
  }
  return withGuesses;
}

/**
 * Country and time zone guessed from the phone and language where the card lacks them, marked
 * 'inferred'. `knownPhoneCountry`: the country the row's phone was read with (saves parsing it again).
 */
function withRegion(card: CardValues, timezoneKnown: boolean, now: Date, knownPhoneCountry: string | undefined): CardValues {
  if (card.country && timezoneKnown) return card;
  const phoneRegion = knownPhoneCountry ?? (card.phone ? phoneCountry(card.phone) : undefined);
  const guess = inferRegion({ phoneCountry: phoneRegion, locale: card.locale }, { country: card.country, timezoneKnown });
  const inferred: ConfirmableField[] = [];
  const next = { ...card };
  if (guess.country) {
    next.country = guess.country;
    inferred.push('country');
  }
  if (guess.timezone) {
    next.timezone = guess.timezone;
    inferred.push('timezone');
  }
  if (inferred.length) next.confirmations = confirmFields(next.confirmations, inferred, 'inferred' satisfies ConfirmedBy, now);
  return next;
}

function importedFields(row: CustomerImportRow): ConfirmableField[] {
  return IMPORTED_FIELDS.filter((field) => row[field] !== undefined);
}

function findOrderCustomer(
  keys: OrderCustomerKeys,
  byExternalId: Map<string, CardRow & { live: boolean }>,
  phones: ContactIndex,
  emails: ContactIndex,
): { id: string } | { rejection: { field: string; message: string } } {
  if (keys.externalId) {
    const card = byExternalId.get(keys.externalId);
    if (card?.live) return { id: card.id };
    return {
      rejection: {
        field: 'customer_external_id',
        message: card ? `the card with external id ${keys.externalId} was erased or merged into another card` : `no customer has external id ${keys.externalId}: import the customers first`,
      },
    };
  }
  const match = matchContact(phones, keys.phone, 'customer_phone', false) ?? matchContact(emails, keys.email, 'customer_email', false);
  if (match && 'card' in match) return { id: match.card.id };
  if (match) return { rejection: { field: match.field, message: match.ambiguous } };
  const field = keys.phone ? 'customer_phone' : 'customer_email';
  return { rejection: { field, message: `no customer has ${keys.phone ? `phone ${keys.phone}` : `email ${keys.email}`}: import the customers first` } };
}

// ---- writes -------------------------------------------------------------------------------------

const CARD_WRITE_COLUMNS = ['id', 'externalId', 'name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale', 'fieldConfirmations', 'createdAt', 'updatedAt'] as const;
const CARD_UPDATED = ['externalId', 'name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale', 'fieldConfirmations', 'updatedAt'] as const;

async function writeCards(tx: SqlExecutor, cards: readonly CardValues[], options: ImportOptions): Promise<void> {
  const columns = CARD_WRITE_COLUMNS.map((c) => `"${c}"`).join(', ');
  // A number typed into a file is not proven by a channel: a changed phone loses its verification.
  const updates = [
    `"phoneVerifiedAt" = CASE WHEN "Customer"."phone" IS NOT DISTINCT FROM excluded."phone" THEN "Customer"."phoneVerifiedAt" ELSE NULL END`,
    ...CARD_UPDATED.map((c) => `"${c}" = excluded."${c}"`),
  ].join(', ');
  let written = 0;
  for (const batch of insertBatches(cards)) {
    const params: SqlValue[] = [];
    for (const card of batch) {
      params.push(
        card.id,
        card.externalId,
        card.name,
        card.phone,
        card.email,
        card.birthday ? new Date(`${card.birthday}T00:00:00Z`) : null,
        card.country,
        card.timezone,
        card.locale,
        JSON.stringify(writeConfirmations(card.confirmations)),
        options.now,
        options.now,
      );
    }
    await tx.execute(`INSERT INTO "Customer" (${columns}) VALUES ${valuesPlaceholders(batch.length, CARD_WRITE_COLUMNS.length)} ON CONFLICT ("id") DO UPDATE SET ${updates}`, params);
    written += batch.length;
    options.onProgress?.(written, cards.length);
    await breathe();
  }
}

const ORDER_WRITE_COLUMNS = ['id', 'number', 'customerId', 'amountCents', 'currency', 'status', 'placedAt', 'items', 'source', 'createdAt', 'updatedAt'] as const;
const ORDER_UPDATED = ['amountCents', 'currency', 'status', 'placedAt', 'items', 'updatedAt'] as const;

async function writeOrders(tx: SqlExecutor, writes: readonly { row: OrderImportRow; id: string; customerId: string }[], options: ImportOptions): Promise<void> {
  const columns = ORDER_WRITE_COLUMNS.map((c) => `"${c}"`).join(', ');
  const updates = ORDER_UPDATED.map((c) => `"${c}" = excluded."${c}"`).join(', ');
  let written = 0;
  for (const batch of insertBatches(writes)) {
    const params: SqlValue[] = [];
    for (const { row, id, customerId } of batch) {
      params.push(id, row.number, customerId, row.amountCents, row.currency, row.status, row.placedAt, row.items, 'import', options.now, options.now);
    }
    await tx.execute(`INSERT INTO "Order" (${columns}) VALUES ${valuesPlaceholders(batch.length, ORDER_WRITE_COLUMNS.length)} ON CONFLICT ("number") DO UPDATE SET ${updates}`, params);
    written += batch.length;
    options.onProgress?.(written, writes.length);
    await breathe();
  }
}

async function recordImport(tx: SqlExecutor, action: string, options: ImportOptions, counts: { rows: number; imported: number; updated: number }): Promise<void> {
  await insertAudit(tx, {
    ...actorOf(options.actor),
    action,
    entity: 'Import',
    entityId: options.importId,
    details: { ...counts, via: 'staffId' in options.actor ? 'console' : 'cli' },
    now: options.now,
  });
}

function actorOf(actor: ImportActor): { actorType: 'staff' | 'system'; actorId: string | null } {
  return 'staffId' in actor ? { actorType: 'staff', actorId: actor.staffId } : { actorType: 'system', actorId: actor.system };
}

/** Lets the event loop answer other requests (progress polls) between batches of a long write. */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
