// The customer list's filters as one SQL condition, for both databases: the list and search, and
// any other reader of "the customers this filter shows" (the CSV export) use the same translation.

import type { CustomerFilter } from '../console/customers/customer-ports.ts';
import { DEFAULT_PHONE_REGION, normalizePhone } from '../domain/phone.ts';
import type { Provider } from './db-types.ts';
import type { SqlValue } from './sql/sql-driver.ts';

/** Fewer digits than this match too many numbers to be a phone search. */
const MIN_PHONE_DIGITS = 4;
const PHONE_LIKE = /^[+()\d\s.\-/]+$/;

export interface FilterSql {
  /** A condition on the table alias `c` ("Customer" c), with `?` placeholders; "1 = 1" for no filter. */
  where: string;
  params: SqlValue[];
}

/**
 * Translates the filter for `FROM "Customer" c WHERE …`. The text `q` matches a card when any of
 * these does: part of the name or email (case-insensitive, Chinese included), the phone in any
 * spelling or 4+ of its digits (the card's and the further numbers in ContactPoint), the exact
 * order number or external id. Filters combine with AND; erased cards are left out unless asked for.
 */
export function customerFilterSql(filter: CustomerFilter, provider: Provider, phoneRegion: string = DEFAULT_PHONE_REGION): FilterSql {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const q = filter.q?.trim();
  if (q) {
    const text = textMatch(q, provider);
    conditions.push(`(${text.where})`);
    params.push(...text.params);
  }
  if (filter.tier) {
    conditions.push('c."tier" = ?');
    params.push(filter.tier);
  }
  if (filter.lifecycle) {
    conditions.push('c."lifecycleStage" = ?');
    params.push(filter.lifecycle);
  }
  if (filter.loyalty) {
    conditions.push('c."loyalty" = ?');
    params.push(filter.loyalty);
  }
  if (filter.tag) {
    conditions.push(
      provider === 'postgres'
        ? 'EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(c."tags" AS jsonb)) AS t(v) WHERE t.v = ?)'
        : 'EXISTS (SELECT 1 FROM json_each(c."tags") AS t WHERE t."value" = ?)',
    );
    params.push(filter.tag);
  }
  if (!filter.includeErased) conditions.push('c."erasedAt" IS NULL');
  return { where: conditions.length ? conditions.join(' AND ') : '1 = 1', params };

  function textMatch(query: string, dialect: Provider): FilterSql {
    const alternatives: string[] = [];
    const values: SqlValue[] = [];
    const contains = `%${escapeLike(query)}%`;
    const containsLower = `%${escapeLike(query.toLowerCase())}%`;
    if (dialect === 'postgres') {
      alternatives.push(`c."name" ILIKE ? ESCAPE '\\'`, `c."email" ILIKE ? ESCAPE '\\'`);
      values.push(contains, contains);
    } else {
      // SQLite's LOWER and LIKE fold ASCII only: the text as typed catches the rest (Chinese has no case).
      alternatives.push(`LOWER(c."name") LIKE ? ESCAPE '\\'`, `c."name" LIKE ? ESCAPE '\\'`, `LOWER(c."email") LIKE ? ESCAPE '\\'`);
      values.push(containsLower, contains, containsLower);
    }
    // Further emails are stored lower-cased.
    alternatives.push(`EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."customerId" = c."id" AND p."kind" = 'email' AND p."value" LIKE ? ESCAPE '\\')`);
    values.push(containsLower);
    alternatives.push('c."externalId" = ?', 'EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = c."id" AND o."number" IN (?, ?))');
    values.push(query, query, query.toUpperCase());
    const phone = phoneMatch(query);
    if (phone) {
      alternatives.push(phone.where);
      values.push(...phone.params);
    }
    return { where: alternatives.join(' OR '), params: values };
  }

  function phoneMatch(query: string): FilterSql | undefined {
    const digits = query.replace(/\D/g, '');
    if (!PHONE_LIKE.test(query) || digits.length < MIN_PHONE_DIGITS) return undefined;
    // The whole number in its one spelling, or a run of its digits ("5678", "138 1234"); a leading
    // trunk or international prefix (0, 00) is not part of the stored E.164 digits.
    const runs = [...new Set([digits, digits.replace(/^0+/, '')])].filter((run) => run.length >= MIN_PHONE_DIGITS);
    const exact = normalizePhone(query, phoneRegion);
    const onCard = ['c."phone" = ?', ...runs.map(() => 'c."phone" LIKE ?')];
    const further = ['p."value" = ?', ...runs.map(() => 'p."value" LIKE ?')];
    const patterns = runs.map((run) => `%${run}%`);
    return {
      where: `${onCard.join(' OR ')} OR EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."customerId" = c."id" AND p."kind" = 'phone' AND (${further.join(' OR ')}))`,
      params: [exact, ...patterns, exact, ...patterns],
    };
  }
}

/** Escapes LIKE's wildcards so `%` and `_` typed in a search match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The list's order: by name (cards without one last), then id, so pages never overlap or skip. */
export const CUSTOMER_ORDER_SQL = 'ORDER BY (CASE WHEN c."name" IS NULL THEN 1 ELSE 0 END), c."name", c."id"';
