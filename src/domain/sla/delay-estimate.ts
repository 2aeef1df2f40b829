// The honest new estimate told to a customer whose promised wait has passed with no staff reply:
// the first-reply target if it is still ahead, else the promised wait once more, counted in staff
// time and rounded up to five minutes. Said as minutes when staff are at work all the way to it,
// else as a time (it falls after a closing).

import type { StaffHours } from '../staff-hours.ts';
import { addStaffMinutes, staffMinutesBetween } from './staff-time.ts';

const MINUTE = 60_000;
const ROUND_MINUTES = 5;

export type DelayEstimate = { minutes: number; at: Date } | { at: Date; minutes?: undefined };

/** When the customer was promised a reply, `promisedMinutes` of staff time after the handoff. */
export function promisedReplyAt(queuedAt: Date, promisedMinutes: number, hours: StaffHours): Date {
  return addStaffMinutes(queuedAt, promisedMinutes, hours);
}

export function delayEstimate(now: Date, firstReplyDueAt: Date, promisedMinutes: number, hours: StaffHours): DelayEstimate {
  const ahead = staffMinutesBetween(now, firstReplyDueAt, hours);
  const staffMinutes = Math.ceil(Math.max(ahead, promisedMinutes) / ROUND_MINUTES) * ROUND_MINUTES;
  const at = addStaffMinutes(now, staffMinutes, hours);
  const wallMinutes = (at.getTime() - now.getTime()) / MINUTE;
  // All of it staffed: the wall-clock wait is the staff-time wait.
  return Math.abs(wallMinutes - staffMinutes) < 0.5 ? { minutes: staffMinutes, at } : { at };
}
