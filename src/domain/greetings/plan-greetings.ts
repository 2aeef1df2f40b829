// Which festival and birthday greetings go to which customers over the next days, and when: each
// on its local date, in the customer's daytime. Each greeting has a dedupe key, so planning the
// same days again yields the same keys and a queue can drop what it already holds.

import { nextBirthdayOnOrAfter } from './birthday.ts';
import { festivalsBetween, type Festival, type FestivalNames } from './festival-calendar.ts';
import { greetingSendTimes, localDateOf, nextAllowedTime, resolveTimeZone, type HourRange } from './send-window.ts';

export interface GreetingCustomer {
  id: string;
  /** BCP 47 tag from the profile card; "zh", "zh-TW", "zh-Hant-HK" … read as zh, anything else as en. */
  locale: string;
  /** ISO 3166-1 alpha-2; null or unknown to date-holidays gets the default set. */
  country: string | null;
  /** IANA zone; one Intl does not know is read as Asia/Shanghai. */
  timezone: string;
  /** Date-only, stored at UTC midnight. */
  birthday: Date | null;
  /** Carried for the sender; planning treats every tier alike. */
  tier: 'A' | 'B' | 'C';
  optOutGreetings: boolean;
}

export interface PlannedGreeting {
  customerId: string;
  /** A festival id ("spring-festival", "christmas") or "birthday". */
  occasion: string;
  /** `greeting:<festival key>:<customer id>`, e.g. greeting:2027-spring-festival:cust-1; greeting:birthday-2027:cust-1. */
  dedupeKey: string;
  /** The customer's calendar date of the occasion, YYYY-MM-DD. */
  localDate: string;
  dueAt: Date;
  names: FestivalNames;
}

export interface PlanGreetingsOptions {
  /** Local hours in which greetings go out. Default 9–20 (09:00 to 19:59). */
  window?: HourRange;
  /** Local hours in which nothing goes out, even inside the window. Default 21–8. */
  quiet?: HourRange;
}

export const DEFAULT_GREETING_WINDOW: HourRange = { startHour: 9, endHour: 20 };
export const DEFAULT_QUIET_HOURS: HourRange = { startHour: 21, endHour: 8 };

const BIRTHDAY_NAMES: FestivalNames = { zh: '生日', en: 'Birthday' };
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The greetings for `customers` whose local date lies from their date at `from` to their date at
 * `from + horizonDays` (both included), in customer order, then by date. Opted-out customers get
 * none; a customer listed twice is planned once. Each is due at a moment spread by customer id over the first hours of the window; one
 * whose moment on today's date has passed goes at the next allowed moment today, or not at all if
 * today's window is over.
 * @throws SendWindowError for an unreadable window or quiet hours.
 */
export function planGreetings(customers: readonly GreetingCustomer[], from: Date, horizonDays: number, options: PlanGreetingsOptions = {}): PlannedGreeting[] {
  const window = options.window ?? DEFAULT_GREETING_WINDOW;
  const quiet = options.quiet ?? DEFAULT_QUIET_HOURS;
  const until = new Date(from.getTime() + horizonDays * DAY_MS);
  // Customers sharing country, language and zone share a calendar: work it out once per group.
  const groups = new Map<string, Group>();
  const occasionsByZone = new Map<string, ScheduledOccasion>();
  const planned: PlannedGreeting[] = [];
  const seen = new Set<string>();

  for (const customer of customers) {
    if (customer.optOutGreetings || seen.has(customer.id)) continue;
    seen.add(customer.id);
    const zone = resolveTimeZone(customer.timezone);
    const locale = customer.locale.trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
    const country = customer.country?.trim().toUpperCase() || null;
    const groupKey = `${country ?? ''}|${locale}|${zone}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = makeGroup(zone, country, locale);
      groups.set(groupKey, group);
    }

    let birthday: ScheduledOccasion | null = null;
    if (customer.birthday && !Number.isNaN(customer.birthday.getTime())) {
      const date = nextBirthdayOnOrAfter(customer.birthday, group.today);
      if (date <= group.lastDay) birthday = scheduled({ key: `birthday-${date.slice(0, 4)}`, id: 'birthday', date, names: BIRTHDAY_NAMES }, zone);
    }
    for (const occasion of group.festivals) {
      if (birthday && birthday.festival.date < occasion.festival.date) {
        add(customer.id, birthday, group);
        birthday = null;
      }
      add(customer.id, occasion, group);
    }
    if (birthday) add(customer.id, birthday, group);
  }
  return planned;

  function makeGroup(zone: string, country: string | null, locale: 'zh' | 'en'): Group {
    const today = localDateOf(from, zone);
    const lastDay = localDateOf(until, zone);
    const earliest = nextAllowedTime(from, zone, window, quiet);
    const festivals = festivalsBetween(new Date(`${today}T00:00:00Z`), new Date(`${lastDay}T00:00:00Z`), country, locale);
    return { today, lastDay, festivals: festivals.map((f) => scheduled(f, zone)), earliestToday: localDateOf(earliest, zone) === today ? earliest.getTime() : null };
  }

  /** An occasion with its day's send times, made once and shared by every customer in the zone. */
  function scheduled(festival: Festival, zone: string): ScheduledOccasion {
    // The date too: Christmas is 25 Dec for one country and 7 Jan for another in the same zone.
    const key = `${zone}|${festival.date}|${festival.key}`;
    let occasion = occasionsByZone.get(key);
    if (!occasion) {
      occasion = { festival, sendTime: greetingSendTimes(festival.date, zone, window, quiet) };
      occasionsByZone.set(key, occasion);
    }
    return occasion;
  }

  function add(customerId: string, { festival, sendTime }: ScheduledOccasion, group: Group): void {
    let dueAt = sendTime(customerId);
    if (dueAt.getTime() < from.getTime()) {
      // Only today's slots can have passed; a greeting a day late is no greeting.
      if (group.earliestToday === null) return;
      dueAt = new Date(group.earliestToday);
    }
    planned.push({ customerId, occasion: festival.id, dedupeKey: `greeting:${festival.key}:${customerId}`, localDate: festival.date, dueAt, names: festival.names });
  }
}

interface ScheduledOccasion {
  festival: Festival;
  sendTime: (spreadKey: string) => Date;
}

interface Group {
  /** The group's local date at `from`, and at `from + horizonDays`. */
  today: string;
  lastDay: string;
  festivals: ScheduledOccasion[];
  /** The first allowed moment (epoch ms) from `from` on, if it is still today locally. */
  earliestToday: number | null;
}
