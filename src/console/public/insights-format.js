// @ts-check
// Figures as a supervisor reads them on the Insights page: counts with the language's separators,
// shares as percentages, scores and ratios to two decimals, durations in the largest units that fit
// ("0.4 s", "2 min 5 s", "1 h 30 min"), a dash where there is no figure. Pure: `t` (the console's wording)
// is passed in, so the unit tests import it as it is.

/** @typedef {(key: string, vars?: Record<string, string | number>) => string} Translate */
/** @typedef {'text' | 'day' | 'count' | 'share' | 'score' | 'seconds'} CellFormat */

const NONE = '—';

const locale = (/** @type {string} */ lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

/** A duration in seconds in the two largest units that matter. */
export function formatDuration(/** @type {number | null} */ seconds, /** @type {Translate} */ t) {
  if (seconds === null || !Number.isFinite(seconds)) return NONE;
  // Under ten seconds a tenth still tells answers apart (a test run, a very quick agent).
  if (seconds < 9.95) return t('insights.duration.s', { s: Math.max(0, Math.round(seconds * 10) / 10) });
  const whole = Math.round(seconds);
  if (whole < 60) return t('insights.duration.s', { s: whole });
  if (whole < 3600) {
    const s = whole % 60;
    return s === 0 ? t('insights.duration.m', { m: whole / 60 }) : t('insights.duration.ms', { m: Math.floor(whole / 60), s });
  }
  if (whole < 86_400) return t('insights.duration.hm', { h: Math.floor(whole / 3600), m: Math.floor((whole % 3600) / 60) });
  return t('insights.duration.dh', { d: Math.floor(whole / 86_400), h: Math.floor((whole % 86_400) / 3600) });
}

/** A UTC day (YYYY-MM-DD) as a short date in the language ("3 Mar", "3月3日"). */
export function formatDay(/** @type {string} */ day, /** @type {string} */ lang) {
  return new Intl.DateTimeFormat(locale(lang), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** One figure as the page shows it. */
export function formatValue(/** @type {string | number | null} */ value, /** @type {CellFormat} */ format, /** @type {string} */ lang, /** @type {Translate} */ t) {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'string') return format === 'day' ? formatDay(value, lang) : value;
  switch (format) {
    case 'share':
      return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'score':
      return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'seconds':
      return formatDuration(value, t);
    default:
      return new Intl.NumberFormat(locale(lang)).format(value);
  }
}
