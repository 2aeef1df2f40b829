// Time counted in staff hours only: the instant when a number of staffed minutes has passed since a
// start (a conversation queued at night is due its minutes after the next opening), and the
// staffed minutes between two instants. Pure: wall-clock arithmetic through Intl.

import type { StaffHours } from '../staff-hours.ts';
import { instantAt, wallClock } from '../zoned-time.ts';

const MINUTE = 60_000;
/** Far more days than any target spans; a guard, never reached with a working day in the week. */
const MAX_DAYS = 3 * 366;

/** The instant `minutes` of staff time after `start`. */
export function addStaffMinutes(start: Date, minutes: number, hours: StaffHours): Date {
  let remaining = minutes * MINUTE;
  if (alwaysStaffed(hours)) return new Date(start.getTime() + remaining);
  for (const [open, close] of staffedStretches(start, hours)) {
    const from = Math.max(start.getTime(), open);
    if (from >= close) continue;
    if (remaining <= close - from) return new Date(from + remaining);
    remaining -= close - from;
  }
  throw new Error('staff hours have no working day');
}

/** Staffed minutes from `from` to `to` (0 when `to` is not after `from`). */
export function staffMinutesBetween(from: Date, to: Date, hours: StaffHours): number {
  if (to <= from) return 0;
  if (alwaysStaffed(hours)) return (to.getTime() - from.getTime()) / MINUTE;
  let total = 0;
  for (const [open, close] of staffedStretches(from, hours)) {
    if (open >= to.getTime()) break;
    total += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, from.getTime()));
  }
  return total / MINUTE;
}

function alwaysStaffed(hours: StaffHours): boolean {
  return hours.days.size === 7 && hours.openMinute === 0 && hours.closeMinute === 1440;
}

/** The day's staffed [open, close) in epoch ms, for each working day from the local day of `start` on. */
function* staffedStretches(start: Date, hours: StaffHours): Generator<[number, number]> {
  const local = wallClock(start, hours.timeZone);
  for (let offset = 0; offset < MAX_DAYS; offset += 1) {
    const weekday = ((local.weekday - 1 + offset) % 7) + 1;
    if (!hours.days.has(weekday)) continue;
    const open = instantAt(local.year, local.month, local.day + offset, hours.openMinute, hours.timeZone).getTime();
    const close = instantAt(local.year, local.month, local.day + offset, hours.closeMinute, hours.timeZone).getTime();
    yield [open, close];
  }
}

/** `at` itself when staff are at work then, else the next opening after it. */
export function nextStaffedInstant(at: Date, hours: StaffHours): Date {
  if (alwaysStaffed(hours)) return at;
  for (const [open, close] of staffedStretches(at, hours)) {
    if (close > at.getTime()) return new Date(Math.max(open, at.getTime()));
  }
  throw new Error('staff hours have no working day');
}
