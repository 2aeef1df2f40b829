// One spelling of a phone number everywhere (E.164, "+8613812345678"), so the same person is
// recognised across channels, imports, searches and console edits whatever way it was typed:
// "138 1234 5678", "+86 138-1234-5678", "0086 13812345678" and "(010) 6552 9988" all normalise.
// libphonenumber's metadata (awesome-phonenumber) knows every country's national formats.

import { parsePhoneNumber } from 'awesome-phonenumber';

/** Numbers written without a country code are read as this region's. */
export const DEFAULT_PHONE_REGION = 'CN';

/**
 * The number in E.164. A number the metadata cannot place keeps its digits behind a "+" (00 read as
 * the international prefix), so nothing typed is lost, only respelled.
 */
export function normalizePhone(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): string {
  const parsed = parsePhoneNumber(raw.trim(), { regionCode: defaultRegion });
  if ((parsed.valid || parsed.possible) && parsed.number) return parsed.number.e164;
  const plus = raw.trim().startsWith('+');
  const digits = raw.replace(/\D/g, '');
  if (!plus && digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+${digits}`;
}

/** Whether the text is a phone number a person could dial (not just any digits). */
export function isValidPhone(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): boolean {
  return readPhoneNumber(raw, defaultRegion) !== undefined;
}

export interface PhoneReading {
  /** E.164, as normalizePhone writes it. */
  e164: string;
  /** ISO country of the number, as phoneCountry tells it. */
  country: string | undefined;
}

/**
 * A dialable number's E.164 spelling and country from one parse (imports read 100,000 at a time);
 * undefined when the text is not a number a person could dial.
 */
export function readPhoneNumber(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): PhoneReading | undefined {
  const parsed = parsePhoneNumber(raw.trim(), { regionCode: defaultRegion });
  if (!parsed.valid || !parsed.number) return undefined;
  return { e164: parsed.number.e164, country: parsed.regionCode };
}

/** The ISO country (e.g. "CN", "US") a normalised number belongs to, for a card whose country is unknown. */
export function phoneCountry(e164: string): string | undefined {
  const parsed = parsePhoneNumber(e164);
  return parsed.valid ? parsed.regionCode : undefined;
}
