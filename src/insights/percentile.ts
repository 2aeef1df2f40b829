// Percentiles by linear interpolation between the two nearest ranks, the definition of
// PostgreSQL's percentile_cont (and numpy's default): for n sorted values v[0..n-1] and a fraction
// p, the position is h = (n − 1)·p; the percentile is v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]).
// Fractions are kept as integer ratios so the database can pick the two ranks with integer
// division (the same on SQLite and PostgreSQL) and send back those values only.

/** A fraction as numerator / denominator, e.g. { over: 9, under: 10 } for the 90th percentile. */
export interface PercentileFraction {
  readonly over: number;
  readonly under: number;
}

export const MEDIAN: PercentileFraction = { over: 1, under: 2 };
export const P90: PercentileFraction = { over: 9, under: 10 };

/** The 0-based ranks of the sorted values the percentile needs: ⌊h⌋ and the one after it, within 0 … count − 1. */
export function percentileRanks(count: number, p: PercentileFraction): number[] {
  if (count <= 0) return [];
  const lower = Math.floor(((count - 1) * p.over) / p.under);
  return lower + 1 < count ? [lower, lower + 1] : [lower];
}

/**
 * The percentile of `count` sorted values, reading only the ranks percentileRanks names through
 * `valueAt`; null when there are no values.
 */
export function percentileAt(count: number, p: PercentileFraction, valueAt: (rank: number) => number): number | null {
  if (count <= 0) return null;
  const scaled = (count - 1) * p.over;
  const lower = Math.floor(scaled / p.under);
  const remainder = scaled - lower * p.under;
  const low = valueAt(lower);
  if (remainder === 0) return low;
  return low + (remainder / p.under) * (valueAt(lower + 1) - low);
}

/** The percentile of values already sorted ascending; null for none. */
export function percentile(sorted: readonly number[], p: PercentileFraction): number | null {
  return percentileAt(sorted.length, p, (rank) => {
    const value = sorted[rank];
    if (value === undefined) throw new RangeError(`rank ${rank} of ${sorted.length} values`);
    return value;
  });
}
