// The time range of an insights request: ISO dates (midnight UTC) or date-times, `to` exclusive,
// the last seven days up to now by default, never longer than MAX_RANGE_DAYS.

const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_RANGE_DAYS = 7;
export const MAX_RANGE_DAYS = 366;

export type RangeResult = { ok: true; from: Date; to: Date } | { ok: false; message: string };

/**
 * `from` and `to` as given (already checked to be ISO dates or date-times): a missing `to` is now,
 * a missing `from` is DEFAULT_RANGE_DAYS before `to`. Refused, with a message a person can act on,
 * when `from` is not before `to` or the range is longer than MAX_RANGE_DAYS.
 */
export function resolveInsightsRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): RangeResult {
  const to = query.to ? parseInstant(query.to) : now;
  const from = query.from ? parseInstant(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    return { ok: false, message: `from (${from.toISOString()}) must be before to (${to.toISOString()}); to is exclusive` };
  }
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days > MAX_RANGE_DAYS) {
    return { ok: false, message: `the range from ${from.toISOString()} to ${to.toISOString()} spans ${Math.ceil(days)} days; ask for at most ${MAX_RANGE_DAYS} days at a time` };
  }
  return { ok: true, from, to };
}

/** A date alone is its midnight UTC; a date-time carries its own offset. */
function parseInstant(text: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/** The UTC days (YYYY-MM-DD) the range touches, in order: `to` is exclusive, so a range ending at midnight stops the day before. */
export function utcDaysOf(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  for (let day = new Date(`${from.toISOString().slice(0, 10)}T00:00:00Z`); ; day = new Date(day.getTime() + DAY_MS)) {
    const label = day.toISOString().slice(0, 10);
    days.push(label);
    if (label >= last) return days;
  }
}
