// @ts-check
// How the webhooks page names things: event types (a type the wording does not know yet, say one
// added to the API later, shows as its code), delivery states, a disabled endpoint's reason, times,
// and a problem (the page's own, or an API refusal) in a sentence.

import { hasString, locale, t } from '../../../assets/kit/i18n.js';

/** @typedef {import('./webhook-api.js').Delivery} Delivery */

/**
 * A problem to show under a form: a wording key (the page's own check) or what the API refused.
 * Kept as such, not as text, so a language switch says it again in the other language.
 * @typedef {string | Error} Problem
 */

/** @param {string} type */
export function eventLabel(type) {
  const key = `webhooks.event.${type}`;
  return hasString(key) ? t(key) : type;
}

/** @param {Delivery['status']} status */
export function statusLabel(status) {
  return t(`webhooks.status.${status}`);
}

/**
 * The API says why in English; the two reasons it gives are said in the staff member's language.
 * @param {string | null} reason
 */
export function disabledReasonLabel(reason) {
  if (!reason) return '';
  if (reason.includes('410')) return t('webhooks.reason.gone');
  if (reason === 'disabled by an admin') return t('webhooks.reason.admin');
  return reason;
}

/** @param {string} iso */
export function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/**
 * What the receiver last answered: its HTTP status, else why there was no answer.
 * @param {Delivery} delivery
 */
export function responseLabel(delivery) {
  if (delivery.lastStatusCode !== null) return t('webhooks.httpStatus', { code: delivery.lastStatusCode });
  return delivery.lastError ?? t('webhooks.none');
}

/**
 * An API error as the page shows it: the server's own message (it names the field) after a lead-in.
 * @param {Error} error
 */
export function failure(error) {
  return t('webhooks.failed', { message: error.message });
}

/**
 * A problem in words; none, no words.
 * @param {Problem | null} problem
 */
export function problemText(problem) {
  if (problem === null) return '';
  return typeof problem === 'string' ? t(problem) : failure(problem);
}
