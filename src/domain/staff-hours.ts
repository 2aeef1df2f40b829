// When people are at work: opening hours on some weekdays in one IANA time zone, and the next
// opening after a given moment. Pure: wall-clock arithmetic through Intl, no system time zone.

import { formatterFor, instantAt, wallClock } from './zoned-time.ts';

export interface StaffHours {
  /** Minutes after local midnight when staff start, 0–1439. */
  openMinute: number;
  /** Minutes after local midnight when staff stop, 1–1440 (exclusive); after openMinute. */
  closeMinute: number;
  /** ISO weekdays staff work: 1 = Monday … 7 = Sunday. */
  days: ReadonlySet<number>;
  timeZone: string;
}

export type StaffAvailability = { open: true } | { open: false; nextOpening: Date };

/** Thrown for an hours, days or time zone setting that cannot be read. */
export class StaffHoursError extends Error {
  override readonly name = 'StaffHoursError';
}

/**
 * Reads "09:00-21:00" (end may be 24:00), "1-7" / "1-5,7" (ISO weekdays) and an IANA zone.
 * @throws StaffHoursError
 */
export function parseStaffHours(hours: string, days: string, timeZone: string): StaffHours {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours.trim());
  if (!match) throw new StaffHoursError(`"${hours}" is not HH:MM-HH:MM`);
  const [openMinute, closeMinute] = [toMinute(match[1]!, match[2]!), toMinute(match[3]!, match[4]!)];
  if (openMinute >= 1440 || closeMinute > 1440 || openMinute >= closeMinute) throw new StaffHoursError(`"${hours}": the start must come before the end, within one day`);
  const daySet = new Set<number>();
  for (const part of days.split(',').map((p) => p.trim())) {
    const range = /^([1-7])(?:-([1-7]))?$/.exec(part);
    if (!range) throw new StaffHoursError(`"${days}" is not a list of weekdays 1–7 such as 1-5,7`);
    const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])];
    if (from > to) throw new StaffHoursError(`"${part}": a range goes from the smaller weekday to the larger`);
    for (let day = from; day <= to; day += 1) daySet.add(day);
  }
  try {
    formatterFor(timeZone);
  } catch (error) {
    throw new StaffHoursError(`"${timeZone}" is not an IANA time zone`, { cause: error });
  }
  return { openMinute, closeMinute, days: daySet, timeZone };
}

/** Every turn asks; the answer only changes from one minute to the next. */
const lastAnswers = new WeakMap<StaffHours, { minute: number; availability: StaffAvailability }>();

/** Whether staff are at work at `now`, and if not, the first moment they are back. */
export function staffAvailability(hours: StaffHours, now: Date): StaffAvailability {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastAnswers.get(hours);
  if (last?.minute === minute) return last.availability;
  const availability = computeAvailability(hours, now);
  lastAnswers.set(hours, { minute, availability });
  return availability;
}

function computeAvailability(hours: StaffHours, now: Date): StaffAvailability {
  const local = wallClock(now, hours.timeZone);
  const minute = local.hour * 60 + local.minute;
  if (hours.days.has(local.weekday) && minute >= hours.openMinute && minute < hours.closeMinute) return { open: true };
  // Today's opening if it is still ahead, else the first working day after today.
  for (let offset = 0; offset <= 7; offset += 1) {
    const weekday = ((local.weekday - 1 + offset) % 7) + 1;
    if (!hours.days.has(weekday) || (offset === 0 && minute >= hours.openMinute)) continue;
    const day = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const nextOpening = instantAt(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hours.openMinute, hours.timeZone);
    return { open: false, nextOpening };
  }
  throw new StaffHoursError('no working day in the week'); // parseStaffHours never allows this
}

function toMinute(hour: string, minute: string): number {
  const [h, m] = [Number(hour), Number(minute)];
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) throw new StaffHoursError(`${hour}:${minute} is not a time of day`);
  return h * 60 + m;
}
