// When a customer's next birthday is, as a date on their own calendar. Birthdays are date-only:
// the profile card stores them at UTC midnight, so their month and day are read in UTC.

import { localDateOf } from './send-window.ts';

/**
 * The first birthday on or after the customer's local date at `from` (today counts), as
 * YYYY-MM-DD. A 29 February birthday falls on 28 February in other years. An unknown time zone
 * is read as Asia/Shanghai.
 * @throws RangeError for an invalid `birthday` or `from`.
 */
export function nextBirthday(birthday: Date, from: Date, timeZone: string): string {
  if (Number.isNaN(from.getTime())) throw new RangeError('nextBirthday: `from` is an invalid Date');
  return nextBirthdayOnOrAfter(birthday, localDateOf(from, timeZone));
}

/**
 * nextBirthday for a local date already known, "YYYY-MM-DD": the planner works out "today" once
 * per time zone rather than once per customer.
 * @throws RangeError for an invalid `birthday`.
 */
export function nextBirthdayOnOrAfter(birthday: Date, localDate: string): string {
  if (Number.isNaN(birthday.getTime())) throw new RangeError('nextBirthday: the birthday is an invalid Date');
  const year = Number(localDate.slice(0, 4));
  const [month, day] = [birthday.getUTCMonth() + 1, birthday.getUTCDate()];
  const thisYear = birthdayIn(year, month, day);
  return thisYear >= localDate ? thisYear : birthdayIn(year + 1, month, day);
}

function birthdayIn(year: number, month: number, day: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const shown = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(shown).padStart(2, '0')}`;
}
