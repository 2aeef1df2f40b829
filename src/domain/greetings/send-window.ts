// When a greeting may reach a customer: inside their local daytime and never in quiet hours,
// spread over the first hours of the day so a festival does not send every greeting in one
// second. Pure wall-clock arithmetic through Intl; an unknown time zone falls back to Shanghai.

import { formatterFor, instantAt, wallClock, type WallClock } from '../zoned-time.ts';

/**
 * Whole local hours from `startHour` (inclusive) to `endHour` (exclusive), each 0–24. When
 * `startHour > endHour` the range wraps midnight (quiet hours 21–8); equal hours make it empty.
 */
export interface HourRange {
  startHour: number;
  endHour: number;
}

/** Thrown for an hour range or local date that cannot be read, or a window that quiet hours fill. */
export class SendWindowError extends Error {
  override readonly name = 'SendWindowError';
}

/** Used for a customer whose time zone Intl does not know: the business's home zone. */
export const FALLBACK_TIME_ZONE = 'Asia/Shanghai';

/** Spread sends over this many allowed hours at the start of the day (fewer if the window is shorter). */
const SPREAD_HOURS = 3;

/**
 * The UTC instant, on `localDate` ("YYYY-MM-DD") in `timeZone`, when a greeting goes out: the
 * first allowed hour of `window` outside `quiet`, plus a deterministic offset from `spreadKey`
 * (say the customer id) of up to three allowed hours, to the second. Without a key: the window's
 * first allowed moment.
 * @throws SendWindowError for an unreadable date or hour range, or a window quiet hours cover.
 */
export function greetingSendTime(localDate: string, timeZone: string, window: HourRange, quiet?: HourRange, spreadKey?: string): Date {
  return greetingSendTimes(localDate, timeZone, window, quiet)(spreadKey);
}

/**
 * greetingSendTime for many customers on one day: the day's hours are placed on the UTC line
 * once, and each call only spreads its key over them.
 * @throws SendWindowError as greetingSendTime.
 */
export function greetingSendTimes(localDate: string, timeZone: string, window: HourRange, quiet?: HourRange): (spreadKey?: string) => Date {
  const zone = resolveTimeZone(timeZone);
  const starts = allowedHours(window, quiet)
    .slice(0, SPREAD_HOURS)
    .map((hour) => hourStart(localDate, hour, zone));
  const spreadSeconds = starts.length * 3600;
  return (spreadKey) => {
    const offset = spreadKey === undefined ? 0 : spreadHash(spreadKey) % spreadSeconds;
    // Clocks change on the hour, so within one allowed hour the offset is plain seconds.
    return new Date(starts[Math.floor(offset / 3600)]! + (offset % 3600) * 1000);
  };
}

/** Whether the customer's clock at `at` shows a quiet hour. */
export function isQuietHour(at: Date, timeZone: string, quiet: HourRange): boolean {
  checkRange(quiet, 'quiet hours');
  return inRange(clockAt(at, resolveTimeZone(timeZone)).clock.hour, quiet);
}

/**
 * `at` itself if it lies inside the window and outside quiet hours, else the start of the next
 * allowed local hour (later today or on a following day), e.g. for a delivery that fell due at night.
 * @throws SendWindowError for an unreadable hour range or a window quiet hours cover.
 */
export function nextAllowedTime(at: Date, timeZone: string, window: HourRange, quiet?: HourRange): Date {
  const zone = resolveTimeZone(timeZone);
  const hours = allowedHours(window, quiet);
  const local = wallClock(at, zone);
  if (hours.includes(local.hour)) return new Date(at.getTime());
  // Across a DST change the clock may repeat or skip an hour, so take the first start that is later.
  for (let dayOffset = 0; dayOffset <= 2; dayOffset += 1) {
    const date = addDays(ymd(local.year, local.month, local.day), dayOffset);
    for (const hour of hours) {
      const start = hourStart(date, hour, zone);
      if (start > at.getTime()) return new Date(start);
    }
  }
  throw new SendWindowError(`no allowed hour after ${at.toISOString()} in ${zone}`); // allowedHours is never empty
}

/** The calendar date ("YYYY-MM-DD") the customer's clock shows at `at`. */
export function localDateOf(at: Date, timeZone: string): string {
  const read = clockAt(at, resolveTimeZone(timeZone));
  return (read.date ??= ymd(read.clock.year, read.clock.month, read.clock.day));
}

/** The IANA zone Intl knows under this name, or FALLBACK_TIME_ZONE for one it does not. */
export function resolveTimeZone(timeZone: string): string {
  let zone = resolvedZones.get(timeZone);
  if (zone === undefined) {
    try {
      zone = formatterFor(timeZone).resolvedOptions().timeZone;
    } catch {
      zone = FALLBACK_TIME_ZONE; // a bad zone on a profile card must not stop the customer's greetings
    }
    resolvedZones.set(timeZone, zone);
  }
  return zone;
}

const resolvedZones = new Map<string, string>();
/**
 * The last wall clock read in each zone, with the second (epoch) it was read for and its date once
 * asked: a worker decides hundreds of sends a second, each asking the customer's local date and
 * hour at "now", and Intl's formatToParts is the dearest part of a decision. Offsets are whole
 * seconds, so every instant of one second shows the same clock.
 */
const lastClocks = new Map<string, ClockReading>();

interface ClockReading {
  second: number;
  clock: WallClock;
  /** The clock's date, "YYYY-MM-DD", once asked for. */
  date?: string;
}

/** wallClock(at, zone), read once per zone and second. */
function clockAt(at: Date, zone: string): ClockReading {
  const second = Math.floor(at.getTime() / 1000);
  const last = lastClocks.get(zone);
  if (last !== undefined && last.second === second) return last;
  const reading: ClockReading = { second, clock: wallClock(at, zone) };
  lastClocks.set(zone, reading);
  return reading;
}
const allowedHoursByRanges = new Map<string, number[]>();
const hourStarts = new Map<string, number>();
/** hourStarts is a cache of pure results; past this size it is simply emptied. */
const HOUR_STARTS_LIMIT = 100_000;

/** Local hours 0–23, ascending, inside `window` and outside `quiet`. */
function allowedHours(window: HourRange, quiet: HourRange | undefined): number[] {
  const key = `${window.startHour}-${window.endHour}/${quiet ? `${quiet.startHour}-${quiet.endHour}` : ''}`;
  let hours = allowedHoursByRanges.get(key);
  if (!hours) {
    checkRange(window, 'send window');
    if (quiet) checkRange(quiet, 'quiet hours');
    hours = [];
    for (let hour = 0; hour < 24; hour += 1) if (inRange(hour, window) && !(quiet && inRange(hour, quiet))) hours.push(hour);
    if (hours.length === 0) throw new SendWindowError(`the send window ${key.split('/')[0]} has no hour outside the quiet hours ${key.split('/')[1]}`);
    allowedHoursByRanges.set(key, hours);
  }
  return hours;
}

function checkRange(range: HourRange, what: string): void {
  for (const hour of [range.startHour, range.endHour]) {
    if (!Number.isInteger(hour) || hour < 0 || hour > 24) throw new SendWindowError(`${what}: ${hour} is not a whole hour from 0 to 24`);
  }
}

function inRange(hour: number, range: HourRange): boolean {
  const { startHour, endHour } = range;
  if (startHour === endHour) return false;
  return startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/**
 * Epoch ms when the zone's clocks show `hour`:00 on `localDate` (the later moment across a DST
 * gap). Cached: a plan asks for the same few hours of the same days for many customers.
 */
function hourStart(localDate: string, hour: number, zone: string): number {
  const key = `${zone}|${localDate}|${hour}`;
  let start = hourStarts.get(key);
  if (start === undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
    if (!match) throw new SendWindowError(`"${localDate}" is not a date YYYY-MM-DD`);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    // Date.UTC rolls 2027-02-30 over into March; a date that does not round-trip does not exist.
    if (new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) !== localDate) throw new SendWindowError(`"${localDate}" is not a date YYYY-MM-DD`);
    start = instantAt(year, month, day, hour * 60, zone).getTime();
    if (hourStarts.size >= HOUR_STARTS_LIMIT) hourStarts.clear();
    hourStarts.set(key, start);
  }
  return start;
}

/** 32-bit FNV-1a with a final avalanche, so ids that differ in one digit land far apart. */
function spreadHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
