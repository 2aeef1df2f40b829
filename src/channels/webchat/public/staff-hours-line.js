// @ts-check
// The header line that says when people answer: "Staff 9:00–21:00 (China time)", with the
// weekdays when staff do not work every day. Pure: the wording function and the locale come in.

/** @typedef {{ opens: string, closes: string, days: number[], timeZone: string }} StaffHours */
/** @typedef {(key: string, vars?: Record<string, string | number>) => string} Translate */

/**
 * @param {StaffHours | null} hours null when the server could not say: a general subtitle instead
 * @param {Translate} t
 * @param {(key: string) => boolean} hasString
 * @param {string} locale BCP 47, e.g. 'en', 'zh-CN'
 */
export function staffHoursLine(hours, t, hasString, locale) {
  if (!hours) return t('subtitle');
  const everyDay = hours.days.length === 7;
  const aroundTheClock = hours.opens === '00:00' && hours.closes === '24:00';
  const key = everyDay ? (aroundTheClock ? 'hoursAroundTheClock' : 'hours') : 'hoursOnDays';
  const span = `${hours.opens.replace(/^0/, '')}–${hours.closes.replace(/^0/, '')}`;
  const zone = hasString(`zone.${hours.timeZone}`) ? t(`zone.${hours.timeZone}`) : browserZoneName(hours.timeZone, locale);
  return t(key, { hours: span, days: formatWeekdays(hours.days, locale), zone });
}

/**
 * ISO weekdays as runs in the page's language: [1,2,3,4,5,7] → "Mon–Fri and Sun" / "周一–周五和周日".
 * @param {number[]} days
 * @param {string} locale
 */
export function formatWeekdays(days, locale) {
  // 2024-01-01 was a Monday, so ISO weekday d is 2024-01-0d.
  const name = (/** @type {number} */ day) => new Date(Date.UTC(2024, 0, day)).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });
  /** @type {[number, number][]} */
  const runs = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && day === run[1] + 1) run[1] = day;
    else runs.push([day, day]);
  }
  const labels = runs.map(([from, to]) => (from === to ? name(from) : `${name(from)}–${name(to)}`));
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(labels);
}

/**
 * The browser's name for a zone the UI strings do not name.
 * @param {string} timeZone
 * @param {string} locale
 */
function browserZoneName(timeZone, locale) {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone; // a zone this browser does not know
  }
}
