// The time range of an insights request: ISO dates (midnight in the request's time zone, UTC
// unless it names one) or date-times, `to` exclusive, the last seven days up to now by default,
// never longer than MAX_RANGE_DAYS; and the days of that zone the range touches.

import { instantAt, wallClock } from '../domain/zoned-time.ts';

const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_RANGE_DAYS = 7;
export const MAX_RANGE_DAYS = 366;

export type RangeResult = { ok: true; from: Date; to: Date } | { ok: false; message: string };

/** The calendar of the figures when the request names none: the API's days were UTC days from the start. */
export const DEFAULT_INSIGHTS_ZONE = 'UTC';

/** Whether Intl knows the IANA time zone name (America/New_York; case-insensitive, as Intl reads it). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * `from` and `to` as given (already checked to be ISO dates or date-times): a missing `to` is now,
 * a missing `from` is DEFAULT_RANGE_DAYS before `to`. Refused, with a message a person can act on,
 * when `from` is not before `to` or the range is longer than MAX_RANGE_DAYS.
 */
export function resolveInsightsRange(query: { from?: string | undefined; to?: string | undefined }, now: Date, timeZone = DEFAULT_INSIGHTS_ZONE): RangeResult {
  const to = query.to ? parseInstant(query.to, timeZone) : now;
  const from = query.from ? parseInstant(query.from, timeZone) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    return { ok: false, message: `from (${from.toISOString()}) must be before to (${to.toISOString()}); to is exclusive` };
  }
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days > MAX_RANGE_DAYS) {
    return { ok: false, message: `the range from ${from.toISOString()} to ${to.toISOString()} spans ${Math.ceil(days)} days; ask for at most ${MAX_RANGE_DAYS} days at a time` };
  }
  return { ok: true, from, to };
}

/** A date alone is its midnight in the zone; a date-time carries its own offset. */
function parseInstant(text: string, timeZone: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return day ? instantAt(Number(day[1]), Number(day[2]), Number(day[3]), 0, timeZone) : new Date(text);
}

/** The day (YYYY-MM-DD) the zone's calendar shows at an instant. */
export function zonedDay(at: Date, timeZone: string): string {
  const c = wallClock(at, timeZone);
  return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
}

/** The days (YYYY-MM-DD) of the zone's calendar the range touches, in order; `to` is exclusive. */
export function zonedDaysOf(from: Date, to: Date, timeZone: string): string[] {
  const first = zonedDay(from, timeZone);
  const last = zonedDay(new Date(to.getTime() - 1), timeZone);
  const days: string[] = [];
  // Calendar days counted on their labels: a day of 23 or 25 hours is still one day.
  for (let day = new Date(`${first}T00:00:00Z`); ; day = new Date(day.getTime() + DAY_MS)) {
    const label = day.toISOString().slice(0, 10);
    days.push(label);
    if (label >= last) return days;
  }
}

/** From `since` on (until the next one), the zone's clocks are `minutes` ahead of UTC. */
export interface ZoneOffset {
  since: Date;
  minutes: number;
}

/**
 * The zone's UTC offsets over the range, first at `from`, then at each change (daylight saving) to
 * the minute: a day label in SQL is then the UTC time shifted by a constant within each piece.
 */
export function zoneOffsetsOver(from: Date, to: Date, timeZone: string): ZoneOffset[] {
  const offsets: ZoneOffset[] = [{ since: from, minutes: offsetMinutes(from.getTime(), timeZone) }];
  for (let at = from.getTime() + DAY_MS; ; at += DAY_MS) {
    const step = Math.min(at, to.getTime());
    const previous = offsets.at(-1)!;
    if (offsetMinutes(step, timeZone) !== previous.minutes) {
      // The change lies within the last day: narrow it down to the minute.
      let low = step - DAY_MS;
      let high = step;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(middle, timeZone) === previous.minutes) low = middle;
        else high = middle;
      }
      offsets.push({ since: new Date(high), minutes: offsetMinutes(high, timeZone) });
    }
    if (step >= to.getTime()) return offsets;
  }
}

function offsetMinutes(epochMs: number, timeZone: string): number {
  const c = wallClock(new Date(epochMs), timeZone);
  return Math.round((Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(epochMs / 1000) * 1000) / 60_000);
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
