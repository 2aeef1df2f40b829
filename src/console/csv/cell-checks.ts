// Checks of single cells shared by the import rows: each returns the value in the one spelling the
// store keeps, or the reason it is refused, in words for the person who wrote the file.

import { z } from 'zod';
import { readPhoneNumber, type PhoneReading } from '../../domain/phone.ts';

export type CellReading<T> = { ok: true; value: T } | { ok: false; message: string };

const email = z.email();
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export function readPhone(text: string, region: string): CellReading<PhoneReading> {
  const phone = readPhoneNumber(text, region);
  if (!phone)
    return { ok: false, message: `${JSON.stringify(text)} is not a phone number one can dial (numbers without a country code are read as ${region}'s; write others with +, e.g. +1 415 555 0100)` };
  return { ok: true, value: phone };
}

export function readEmail(text: string): CellReading<string> {
  if (text.length > 320 || !email.safeParse(text).success) return { ok: false, message: `${JSON.stringify(text)} is not an email address` };
  return { ok: true, value: text.toLowerCase() };
}

/** An ISO 8601 calendar date (YYYY-MM-DD) that exists, from 1900 up to `today`. */
export function readBirthday(text: string, today: Date): CellReading<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
    return { ok: false, message: `${JSON.stringify(text)} is not a date written YYYY-MM-DD (e.g. 1988-03-21)` };
  if (Number(match[1]) < 1900 || date > today) return { ok: false, message: `${text} is not a plausible birthday` };
  return { ok: true, value: text };
}

/** An ISO 3166-1 alpha-2 country code (CN, US …), upper case. */
export const readCountry = remembered((text: string): CellReading<string> => {
  const code = text.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || regions.of(code) === undefined || code === 'ZZ') return { ok: false, message: `${JSON.stringify(text)} is not a two-letter ISO country code such as CN or US` };
  return { ok: true, value: code };
});

/** An IANA time zone (Asia/Shanghai), in its canonical spelling. */
export const readTimeZone = remembered((text: string): CellReading<string> => {
  try {
    const zone = new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
    return { ok: true, value: zone };
  } catch {
    return { ok: false, message: `${JSON.stringify(text)} is not an IANA time zone such as Asia/Shanghai` };
  }
});

/**
 * The check with its answers kept: a file repeats a few countries and zones thousands of times,
 * and asking Intl costs ~60 µs a time. Bounded, as the texts come from outside.
 */
function remembered<T>(check: (text: string) => CellReading<T>, limit = 2000): (text: string) => CellReading<T> {
  const answers = new Map<string, CellReading<T>>();
  return (text) => {
    let answer = answers.get(text);
    if (!answer) {
      answer = check(text);
      if (answers.size < limit) answers.set(text, answer);
    }
    return answer;
  };
}

/** Text of at most `max` characters without control characters. */
export function readText(text: string, max: number): CellReading<string> {
  if (text.length > max) return { ok: false, message: `is longer than ${max} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text.replace(/[\n\t]/g, ' '))) return { ok: false, message: 'contains control characters' };
  return { ok: true, value: text };
}
