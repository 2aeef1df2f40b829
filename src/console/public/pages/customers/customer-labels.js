// @ts-check
// The customers page's words for the server's codes (lifecycle stages, loyalty, contact kinds and
// channels), its money, and a segment's value with the rule that set it, in the current language.
// A code without wording shows as it is.

import { hasString, language, locale, t } from '../../../assets/kit/i18n.js';
import { channelLabel } from '../../console-labels.js';

/**
 * @param {string} key
 * @param {string} fallback
 */
const label = (key, fallback) => (hasString(key) ? t(key) : fallback);

export const lifecycleLabel = (/** @type {string} */ stage) => label(`customers.lifecycle.${stage}`, stage);
export const loyaltyLabel = (/** @type {string} */ loyalty) => label(`customers.loyalty.${loyalty}`, loyalty);
export const contactKindLabel = (/** @type {string} */ kind) => label(`customers.kind.${kind}`, kind);
export const contactChannelLabel = (/** @type {string} */ channel) => label(`customers.channel.${channel}`, channelLabel(channel));

/**
 * @param {number} cents
 * @param {string} [currency]
 */
export function money(cents, currency = 'CNY') {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);
}

/**
 * The value, and the rule that set it in the staff member's language.
 * @param {string} value
 * @param {import('./customer-wire.js').SegmentReason | null} reason
 */
export function withReason(value, reason) {
  return reason ? `${value} — ${reason[language()] ?? reason.en}` : value;
}
