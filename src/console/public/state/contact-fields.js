// @ts-check
// The card's phone and email checked before saving, with the server's own rules
// (src/console/routes/customer-routes.ts, src/domain/email.ts), and a refusal of the server read
// back to the field it names. Pure. The server normalises what it accepts; the card then shows that.

/** The characters a phone may be typed with, as the server accepts them. */
const PHONE_TEXT = /^\+?[0-9 ()-]{5,25}$/;
/** An email address as the bot recognises one in a message. */
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/** @typedef {'phone' | 'email'} ContactField */

/**
 * The wording key of what is wrong with the value, or null when it may be saved ('' clears it).
 * @param {ContactField} field
 * @param {string} value trimmed
 * @returns {string | null}
 */
export function contactFieldProblem(field, value) {
  if (value === '') return null;
  if (field === 'phone') return PHONE_TEXT.test(value) && /\d{5}/.test(value.replace(/\D/g, '')) ? null : 'fieldPhoneInvalid';
  const email = value.toLowerCase();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email) ? null : 'fieldEmailInvalid';
}

/**
 * The first of `fields` a 400 names ("body.email: an email address such as …; body.tier: …") and
 * the server's words about it; null when the message names none of them.
 * @param {string} message
 * @param {readonly string[]} fields
 * @returns {{ field: string, message: string } | null}
 */
export function fieldOfServerError(message, fields) {
  for (const match of message.matchAll(/(?:^|[\s;,])body\.(\w+)(?:\.\d+)?:\s*([^;]*)/g)) {
    const field = /** @type {string} */ (match[1]);
    if (fields.includes(field)) return { field, message: /** @type {string} */ (match[2]).trim() };
  }
  return null;
}
