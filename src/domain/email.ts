// One spelling of an email address everywhere: what the bot reads from a customer's message and
// what staff type on the profile card are recognised by the same pattern and stored the same way
// (trimmed, lower case), so cards, imports and order lookups compare them as equal.

/** An email address as the bot finds it in free text. */
const EMAIL_SOURCE = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
const WHOLE_EMAIL = new RegExp(`^${EMAIL_SOURCE}$`);

/** Every email address in a text (global: use with match / replace, not exec). */
export const EMAILS_IN_TEXT = new RegExp(EMAIL_SOURCE, 'g');

/** The most an address may have (RFC 5321's path limit, less the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

/**
 * The stored spelling: trimmed and lower-cased as a whole. Every lookup by email compares the whole
 * address lower-cased, so the local part is lower-cased too (no shop we serve tells "Li" from "li").
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The address in its stored spelling, or undefined when the text is not one email address. */
export function readEmail(raw: string): string | undefined {
  const email = normalizeEmail(raw);
  return email.length <= MAX_EMAIL_LENGTH && WHOLE_EMAIL.test(email) ? email : undefined;
}
