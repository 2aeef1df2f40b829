// Set-based writes and lookups without a statement per row, and without a new statement text for
// every row count: the drivers cache each distinct SQL text (prepared statements), so batches and
// IN lists come in a few fixed sizes only.

import type { SqlValue } from './sql-driver.ts';

/** Multi-row INSERTs of these many rows; a remainder is split into the smaller sizes. */
const INSERT_SIZES = [500, 100, 20, 5, 1] as const;
/** IN lists of these many values; a short list is padded by repeating its first value. */
const IN_SIZES = [1000, 100, 10] as const;

/** The items in consecutive slices whose lengths are all INSERT_SIZES. */
export function* insertBatches<T>(items: readonly T[]): Generator<readonly T[]> {
  let at = 0;
  for (const size of INSERT_SIZES) {
    while (items.length - at >= size) {
      yield items.slice(at, at + size);
      at += size;
    }
  }
}

/** `(?, ?, …), (?, ?, …)` for `rows` rows of `columns` values. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** The distinct values in chunks for `IN (…)`, each padded to one of IN_SIZES; `placeholders` is its `?, ?, …`. */
export function* inListChunks(values: Iterable<string>): Generator<{ params: SqlValue[]; placeholders: string }> {
  const distinct = [...new Set(values)];
  const largest = IN_SIZES[0];
  for (let at = 0; at < distinct.length; at += largest) {
    const chunk = distinct.slice(at, at + largest);
    const size = [...IN_SIZES].reverse().find((s) => s >= chunk.length) ?? largest;
    const params: SqlValue[] = [...chunk, ...Array.from({ length: size - chunk.length }, () => chunk[0]!)];
    yield { params, placeholders: params.map(() => '?').join(', ') };
  }
}
