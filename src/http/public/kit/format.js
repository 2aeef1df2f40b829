// @ts-check
// Times and durations as staff and customers read them. Pure: the wording function, the locale
// and "now" come in, so the same input always reads the same.

/** @typedef {(key: string, vars?: Record<string, string | number>) => string} Translate */

/**
 * A duration: "just now" under 5 s, then seconds, minutes and seconds, hours and minutes
 * (keys justNow, seconds {n}, minutes {m} {s}, hours {h} {m}).
 * @param {number} seconds
 * @param {Translate} t
 */
export function formatDuration(seconds, t) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 5) return t('justNow');
  if (s < 60) return t('seconds', { n: s });
  if (s < 3600) return t('minutes', { m: Math.floor(s / 60), s: s % 60 });
  return t('hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

/**
 * A moment: the time alone when it is today, else the day and the time.
 * @param {string | Date} when
 * @param {string} locale e.g. 'en-GB', 'zh-CN'
 * @param {Date} [now]
 */
export function formatTime(when, locale, now = new Date()) {
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * How long ago: "just now", "x min ago", "x h ago", "x d ago" (keys ago.now, ago.minutes {n},
 * ago.hours {n}, ago.days {n}). A moment in the future reads as now.
 * @param {string | Date} when
 * @param {Translate} t
 * @param {Date} [now]
 */
export function relativeTime(when, t, now = new Date()) {
  const seconds = Math.max(0, (now.getTime() - new Date(when).getTime()) / 1000);
  if (seconds < 60) return t('ago.now');
  if (seconds < 3600) return t('ago.minutes', { n: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t('ago.hours', { n: Math.floor(seconds / 3600) });
  return t('ago.days', { n: Math.floor(seconds / 86_400) });
}

/**
 * An amount of money in minor units (cents, fen) in its currency.
 * @param {number} minorUnits
 * @param {string} currency ISO 4217
 * @param {string} locale
 */
export function formatMoney(minorUnits, currency, locale) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minorUnits / 100);
}

/**
 * A count with the locale's grouping.
 * @param {number} n
 * @param {string} locale
 */
export function formatCount(n, locale) {
  return new Intl.NumberFormat(locale).format(n);
}
