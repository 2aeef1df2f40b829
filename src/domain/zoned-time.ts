// Wall-clock arithmetic in IANA time zones through Intl (no system time zone, no libraries): what
// the clocks of a zone show at an instant, and the instant when they show a given date and time.
// Staff hours and greeting send windows both rest on it.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** What the zone's clocks show at `at`. Throws RangeError for a zone Intl does not know. */
export function wallClock(at: Date, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(at)) if (part.type !== 'literal') parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday!]!,
  };
}

/**
 * The instant when the zone's clocks show this date and minute of the day (the later moment
 * across a DST gap). Date.UTC rolls over out-of-range days and minutes (day 32 is the next month).
 */
export function instantAt(year: number, month: number, day: number, minuteOfDay: number, zone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // A second pass settles the guess when the offset differs on either side of a DST change.
  return new Date(asUtc - offsetMs(asUtc - offsetMs(asUtc, zone), zone));
}

/** The zone's formatter, made once; its resolvedOptions() name the zone Intl took it for. Throws RangeError for an unknown zone. */
export function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** How far the zone's clocks are ahead of UTC at `epochMs`. */
function offsetMs(epochMs: number, zone: string): number {
  const c = wallClock(new Date(epochMs), zone);
  const wall = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}
