// Which festivals a customer is greeted on: the four big Chinese lunar festivals for customers in
// Chinese-speaking places or with a Chinese locale, plus the public holidays of their country
// (date-holidays) that read well as a greeting. Pure; the slow date-holidays work is cached.

import Holidays from 'date-holidays';
import { Lunar } from 'lunar-javascript';

export interface FestivalNames {
  zh: string;
  en: string;
}

export interface Festival {
  /** Stable across runs: year of `date` and `id`, e.g. "2027-spring-festival", "2026-christmas". */
  key: string;
  /** The occasion, the same every year: "spring-festival", "christmas", "independence-day". */
  id: string;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** Display names; `zh` is the English name where date-holidays has no Chinese one. */
  names: FestivalNames;
}

/** Customers here get the lunar festivals whatever their locale. */
const LUNAR_COUNTRIES: ReadonlySet<string> = new Set(['CN', 'HK', 'TW', 'SG', 'MY']);

const LUNAR_FESTIVALS: readonly { id: string; lunarMonth: number; lunarDay: number; names: FestivalNames }[] = [
  { id: 'spring-festival', lunarMonth: 1, lunarDay: 1, names: { zh: '春节', en: 'Spring Festival' } },
  { id: 'lantern-festival', lunarMonth: 1, lunarDay: 15, names: { zh: '元宵节', en: 'Lantern Festival' } },
  { id: 'dragon-boat-festival', lunarMonth: 5, lunarDay: 5, names: { zh: '端午节', en: 'Dragon Boat Festival' } },
  { id: 'mid-autumn-festival', lunarMonth: 8, lunarDay: 15, names: { zh: '中秋节', en: 'Mid-Autumn Festival' } },
];

// New Year and Christmas keep one id and one pair of names in every country (and in the fallback
// set), so a customer who moves country is not greeted twice for the same day.
const NEW_YEAR = { id: 'new-year', names: { zh: '元旦', en: "New Year's Day" } };
const CHRISTMAS = { id: 'christmas', names: { zh: '圣诞节', en: 'Christmas' } };

/**
 * Days off that are not an occasion: moved, observed or bridging days ("New Year Holiday" in RU,
 * "Vietnamese New Year Holidays"), eves, bank holidays, days named by their date ("First Monday in June").
 */
const NOT_AN_OCCASION =
  /substitute|observed|bank holiday|^public holiday$|summer holiday|\b(year|christmas|easter) holidays?$|\beve\b|\b(after|following)\b|^(first|second|third|fourth|last) \w+ in /i;
/** Days of mourning or remembrance, where "happy …" would be wrong. */
const SOLEMN =
  /good friday|holy (thursday|saturday)|easter saturday|maundy|ash wednesday|memorial|remembrance|day of memory|mourning|lament|tomb|ching ming|qingming|ashura|tasoua|arbaeen|atonement|yom kippur|all souls|all saints|deceased|death|demise|passing|martyr|armistice|veterans/i;
/** date-holidays rules on the Chinese-style lunar calendar; lunar-javascript supplies those days instead. */
const LUNAR_RULE = /\b(chinese|korean|vietnamese)\b/;

/**
 * Festivals whose date lies from `from` to `to`, both inclusive, each read as a UTC calendar day
 * (pass `new Date('2027-02-01')` for the local date 2027-02-01). Sorted by date, then id.
 *
 * - Lunar festivals (Spring Festival, Lantern, Dragon Boat, Mid-Autumn) when `country` is CN, HK,
 *   TW, SG or MY, or `locale` is zh.
 * - Public holidays of `country` from date-holidays, without substitute or observed days, bank
 *   holidays, eves, solemn days, half-day holidays for some groups (CN Women's, Youth, Army Day),
 *   repeats (the second day of a festival, or a holiday the day after one already chosen), and
 *   days a lunar festival covers.
 * - For a missing or unsupported `country`: New Year's Day, and Christmas for en customers.
 */
export function festivalsBetween(from: Date, to: Date, country: string | null, locale: 'zh' | 'en'): Festival[] {
  const first = from.toISOString().slice(0, 10);
  const last = to.toISOString().slice(0, 10);
  const code = supportedCountry(country);
  const festivals: Festival[] = [];
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year += 1) {
    for (const festival of festivalsIn(year, code, locale)) if (festival.date >= first && festival.date <= last) festivals.push(festival);
  }
  return festivals;
}

const festivalsByYear = new Map<string, readonly Festival[]>();

function festivalsIn(year: number, country: string | null, locale: 'zh' | 'en'): readonly Festival[] {
  const cacheKey = `${country ?? ''}|${locale}|${year}`;
  const cached = festivalsByYear.get(cacheKey);
  if (cached) return cached;
  const lunar = locale === 'zh' || (country !== null && LUNAR_COUNTRIES.has(country));
  const lunarFestivals = lunar ? lunarFestivalsIn(year) : [];
  const lunarDates = new Set(lunarFestivals.map((f) => f.date));
  let others: Festival[];
  if (country === null) {
    others = [festival(year, `${year}-01-01`, NEW_YEAR)];
    if (locale === 'en') others.push(festival(year, `${year}-12-25`, CHRISTMAS));
  } else {
    others = greetingHolidays(publicHolidaysIn(country, year), year, lunar).filter((f) => !lunarDates.has(f.date));
  }
  const festivals = [...lunarFestivals, ...others].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  festivalsByYear.set(cacheKey, festivals);
  return festivals;
}

function lunarFestivalsIn(year: number): Festival[] {
  // Lunar 1/1 falls between 21 Jan and 20 Feb, so all four festivals of lunar year N lie in year N.
  return LUNAR_FESTIVALS.map((f) => festival(year, Lunar.fromYmd(year, f.lunarMonth, f.lunarDay).getSolar().toYmd(), f));
}

/** The public holidays that read well as a greeting; see festivalsBetween. */
function greetingHolidays(holidays: readonly PublicHoliday[], year: number, lunar: boolean): Festival[] {
  const chosen: Festival[] = [];
  const chosenDates = new Set<string>();
  const chosenIds = new Set<string>();
  for (const holiday of holidays) {
    const { date, names } = holiday;
    if (holiday.substitute || !holiday.allDay || NOT_AN_OCCASION.test(names.en) || SOLEMN.test(names.en)) continue;
    if (lunar && LUNAR_RULE.test(holiday.rule)) continue;
    if (chosenDates.has(dayBefore(date))) continue; // Boxing Day, Easter Monday after Easter Sunday, day 2 of Rosh Hashanah
    const occasion = date.endsWith('-01-01') ? NEW_YEAR : /^christmas( day)?$/i.test(names.en) ? CHRISTMAS : { id: slug(names.en) || `holiday-${date.slice(5)}`, names };
    if (chosenIds.has(occasion.id)) continue; // the later days of a multi-day holiday (CN National Day)
    chosen.push(festival(year, date, occasion));
    chosenDates.add(date);
    chosenIds.add(occasion.id);
  }
  return chosen;
}

interface PublicHoliday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** False for a holiday from noon, as CN's Women's, Youth and Army Day are, for some groups only. */
  allDay: boolean;
  names: FestivalNames;
  /** The date-holidays rule, e.g. "chinese 01-0-01" or "4th thursday in November". */
  rule: string;
  substitute: boolean;
}

let countries: ReadonlySet<string> | undefined;
const publicByCountryYear = new Map<string, PublicHoliday[]>();

/** The upper-case ISO code if date-holidays knows the country, else null. */
function supportedCountry(country: string | null): string | null {
  const code = country?.trim().toUpperCase() ?? '';
  // Only two letters: date-holidays would read "US.CA" as a state.
  if (!/^[A-Z]{2}$/.test(code)) return null;
  countries ??= new Set(Object.keys(new Holidays().getCountries()));
  return countries.has(code) ? code : null;
}

/** date-holidays' public holidays of one country and year, with English and Chinese names; cached, as it is slow-ish. */
function publicHolidaysIn(country: string, year: number): PublicHoliday[] {
  const cacheKey = `${country}|${year}`;
  let holidays = publicByCountryYear.get(cacheKey);
  if (!holidays) {
    const calendar = new Holidays(country, { types: ['public'] });
    // setLanguages rather than getHolidays(year, lang), which adds lang to the instance's list on every call.
    calendar.setLanguages(['zh', 'en']); // zh, else English rather than the country's own language
    const zhNames = new Map(calendar.getHolidays(year).map((h) => [`${h.rule}|${h.start.getTime()}`, h.name]));
    calendar.setLanguages(['en']);
    holidays = calendar
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({
        date: h.date.slice(0, 10),
        allDay: h.date.slice(11, 19) === '00:00:00',
        names: { zh: zhNames.get(`${h.rule}|${h.start.getTime()}`) ?? h.name, en: h.name },
        rule: h.rule,
        substitute: h.substitute === true,
      }));
    publicByCountryYear.set(cacheKey, holidays);
  }
  return holidays;
}

/** Frozen: cached festivals are handed to every caller. */
function festival(year: number, date: string, occasion: { id: string; names: FestivalNames }): Festival {
  return Object.freeze({ key: `${year}-${occasion.id}`, id: occasion.id, date, names: Object.freeze({ ...occasion.names }) });
}

/** "St. Patrick’s Day" → "st-patricks-day"; "Día de la Constitución" → "dia-de-la-constitucion". */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
