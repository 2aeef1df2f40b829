// Country and time zone for a card that does not know them, from what the customer revealed: the
// country code of their phone number first, their language second. Guesses are written with
// by 'inferred', so anything the customer, staff or an import confirms wins over them.
//
// Choices: a country's time zone is taken only when the country has one (CN → Asia/Shanghai); for
// countries spanning several zones (US, CA, RU, AU, BR, MX, ID, KZ …) the time zone is left alone.
// The language gives a country only for Chinese (the console's zh is Simplified Chinese, zh-CN);
// English is spoken in too many countries to say. The channel (Telegram, web chat, Teams) says
// nothing about where a person is, so it is not used.

/** Countries with a single IANA time zone (the common ones our customers write from). */
const SINGLE_ZONE: Readonly<Record<string, string>> = {
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  MO: 'Asia/Macau',
  TW: 'Asia/Taipei',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  IN: 'Asia/Kolkata',
  AE: 'Asia/Dubai',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  FR: 'Europe/Paris',
  DE: 'Europe/Berlin',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  CH: 'Europe/Zurich',
  AT: 'Europe/Vienna',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw',
  GR: 'Europe/Athens',
  NZ: 'Pacific/Auckland',
};

export interface RegionClues {
  /** ISO country of the card's phone number (phoneCountry), if it has a valid one. */
  phoneCountry?: string | undefined;
  /** The card's language ('zh', 'en', or a tag such as 'zh-TW'). */
  locale?: string | undefined;
}

export interface RegionKnown {
  country: string | null;
  /** False when the time zone is only the default nobody confirmed (a card's time zone always has a value). */
  timezoneKnown: boolean;
}

export interface RegionGuess {
  country?: string;
  timezone?: string;
}

/** The country from the clues, phone first; undefined when they say nothing. */
export function inferCountry(clues: RegionClues): string | undefined {
  if (clues.phoneCountry) return clues.phoneCountry.toUpperCase();
  const [language, region] = (clues.locale ?? '').split(/[-_]/);
  if (language?.toLowerCase() !== 'zh') return undefined;
  return region && /^[a-z]{2}$/i.test(region) ? region.toUpperCase() : 'CN';
}

/** The time zone of a country that has only one; undefined for countries spanning several. */
export function singleTimeZone(country: string): string | undefined {
  return SINGLE_ZONE[country.toUpperCase()];
}

/**
 * What to write into a card from the clues: only what it does not know yet. The time zone follows
 * the known country when there is one, else the inferred country.
 */
export function inferRegion(clues: RegionClues, known: RegionKnown): RegionGuess {
  const guess: RegionGuess = {};
  const inferred = inferCountry(clues);
  if (!known.country && inferred) guess.country = inferred;
  const country = known.country ?? inferred;
  if (!known.timezoneKnown && country) {
    const zone = singleTimeZone(country);
    if (zone) guess.timezone = zone;
  }
  return guess;
}
