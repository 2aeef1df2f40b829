// @ts-check
// The Insights page's filters and where they live: the page's own query string (whole days of the
// staff's time zone, `to` is the last day shown, so a link reads as the range it shows) and the
// API's (`to` exclusive, and the staff's zone as timeZone, so the API reads a date alone and counts
// days in that zone; without it the API would use UTC).
// Pure: no DOM, so the unit tests import it as it is.

export const CHANNELS = ['webchat', 'telegram', 'botframework', 'agents', 'terminal'];
export const LANGUAGES = ['zh', 'en'];
export const QUICK_RANGES = [7, 30, 90];
export const DEFAULT_DAYS = 7;

const DAY_MS = 24 * 60 * 60_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @typedef {{ from: string, to: string, channel: string, language: string }} Filters
 * `from` and `to` are days (YYYY-MM-DD) of the staff's time zone, both shown; channel and language are '' for all.
 */

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(/** @type {Date} */ date) {
  return date.toISOString().slice(0, 10);
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addDays(/** @type {string} */ day, /** @type {number} */ days) {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The day (YYYY-MM-DD) a time zone's calendar shows at an instant. */
export function zonedDay(/** @type {Date} */ date, /** @type {string} */ timeZone) {
  // en-CA writes dates as YYYY-MM-DD.
  return timeZone === 'UTC' ? utcDay(date) : new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The last `days` days up to and including today, in the zone's calendar (UTC unless given). */
export function lastDays(/** @type {number} */ days, /** @type {Date} */ now, timeZone = 'UTC') {
  const to = zonedDay(now, timeZone);
  return { from: addDays(to, 1 - days), to };
}

/** A real calendar day as YYYY-MM-DD (Date.parse would roll 2025-02-31 over into March). */
function isDay(/** @type {string | null} */ text) {
  if (text === null || !ISO_DAY.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && utcDay(new Date(time)) === text;
}

/**
 * The filters a page address asks for; what is missing or not understood falls back to the last
 * DEFAULT_DAYS days and all channels and languages (the API checks the order and length of the range).
 * @returns {Filters}
 */
export function readFilters(/** @type {string} */ search, /** @type {Date} */ now, timeZone = 'UTC') {
  const query = new URLSearchParams(search);
  const fallback = lastDays(DEFAULT_DAYS, now, timeZone);
  const to = isDay(query.get('to')) ? /** @type {string} */ (query.get('to')) : fallback.to;
  const from = isDay(query.get('from')) ? /** @type {string} */ (query.get('from')) : addDays(to, 1 - DEFAULT_DAYS);
  const channel = query.get('channel') ?? '';
  const language = query.get('language') ?? '';
  return { from, to, channel: CHANNELS.includes(channel) ? channel : '', language: LANGUAGES.includes(language) ? language : '' };
}

/** The page's query string for the filters (what a shared link carries). */
export function pageQuery(/** @type {Filters} */ filters) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.channel) query.set('channel', filters.channel);
  if (filters.language) query.set('language', filters.language);
  return query;
}

/**
 * The query of GET /api/staff/insights: the same days, with `to` moved to the midnight after the
 * last one (exclusive), in the time zone given (the staff's; the API's default is UTC).
 */
export function apiQuery(/** @type {Filters} */ filters, /** @type {string | undefined} */ timeZone) {
  const query = pageQuery(filters);
  query.set('to', isDay(filters.to) ? addDays(filters.to, 1) : filters.to);
  if (timeZone) query.set('timeZone', timeZone);
  return query;
}
