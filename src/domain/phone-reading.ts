// A phone number read in bulk (CSV imports: 100,000 rows at a time) with one libphonenumber parse
// instead of three: what isValidPhone, normalizePhone and phoneCountry (phone.ts) say of a number,
// together. The same metadata and the same default region, so the same answers (see the unit test).

import { parsePhoneNumber } from 'awesome-phonenumber';
import { DEFAULT_PHONE_REGION } from './phone.ts';

export interface PhoneReading {
  /** E.164, as normalizePhone writes it. */
  e164: string;
  /** ISO country of the number, as phoneCountry tells it. */
  country: string | undefined;
}

/** The number's E.164 spelling and country when it is one a person could dial; undefined otherwise. */
export function readPhoneNumber(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): PhoneReading | undefined {
  const parsed = parsePhoneNumber(raw.trim(), { regionCode: defaultRegion });
  if (!parsed.valid || !parsed.number) return undefined;
  return { e164: parsed.number.e164, country: parsed.regionCode };
}
