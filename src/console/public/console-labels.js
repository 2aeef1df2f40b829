// @ts-check
// The main console's words for the server's codes (reasons, channels, languages) and its times,
// in the current language: the shared kit (/assets/kit/) with the console's keys.

import { hasString, locale, t } from '../assets/kit/i18n.js';
import { formatDuration, formatTime } from '../assets/kit/format.js';

export { t };

/** @param {string | null | undefined} reason */
export function reasonLabel(reason) {
  const key = `reason.${reason ?? 'unknown'}`;
  return hasString(key) ? t(key) : t('reason.unknown');
}

/** @param {string} channel */
export function channelLabel(channel) {
  const key = `channel.${channel}`;
  return hasString(key) ? t(key) : channel;
}

/** @param {string} language */
export function languageLabel(language) {
  const key = `language.${language}`;
  return hasString(key) ? t(key) : language;
}

/** @param {number} seconds */
export function duration(seconds) {
  return formatDuration(seconds, t);
}

/** @param {string} iso */
export function when(iso) {
  return formatTime(iso, locale());
}

/** The urgency band of a priority (0–100) the queue colours by. */
export function priorityBand(/** @type {number} */ priority) {
  if (priority >= 90) return 'high';
  if (priority >= 60) return 'mid';
  return 'low';
}
