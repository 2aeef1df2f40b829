// Which festivals each customer is greeted on: lunar festivals for Chinese-speaking customers,
// the public holidays of their country, and a small default set when the country is unknown.

import { describe, expect, it } from 'vitest';
import { festivalsBetween, type Festival } from '../../src/domain/greetings/festival-calendar.ts';

const year2027 = (country: string | null, locale: 'zh' | 'en'): Festival[] => festivalsBetween(new Date('2027-01-01'), new Date('2027-12-31'), country, locale);
const dateOf = (festivals: Festival[], id: string): string | undefined => festivals.find((f) => f.id === id)?.date;
const ids = (festivals: Festival[]): string[] => festivals.map((f) => f.id);

describe('festival calendar', () => {
  it('puts the 2027 lunar festivals on their solar dates for a customer in China', () => {
    const festivals = year2027('CN', 'zh');
    expect(festivals.filter((f) => f.id.endsWith('festival'))).toEqual([
      { key: '2027-spring-festival', id: 'spring-festival', date: '2027-02-06', names: { zh: '春节', en: 'Spring Festival' } },
      { key: '2027-lantern-festival', id: 'lantern-festival', date: '2027-02-20', names: { zh: '元宵节', en: 'Lantern Festival' } },
      { key: '2027-dragon-boat-festival', id: 'dragon-boat-festival', date: '2027-06-09', names: { zh: '端午节', en: 'Dragon Boat Festival' } },
      { key: '2027-mid-autumn-festival', id: 'mid-autumn-festival', date: '2027-09-15', names: { zh: '中秋节', en: 'Mid-Autumn Festival' } },
    ]);
  });

  it('gives a customer in China one greeting per holiday, not one per day off', () => {
    const festivals = year2027('CN', 'zh');
    expect(ids(festivals)).toEqual(['new-year', 'spring-festival', 'lantern-festival', 'labour-day', 'childrens-day', 'dragon-boat-festival', 'mid-autumn-festival', 'national-day']);
    expect(dateOf(festivals, 'national-day')).toBe('2027-10-01');
    expect(festivals.find((f) => f.id === 'new-year')?.names).toEqual({ zh: '元旦', en: "New Year's Day" });
    // Not New Year's Eve (05 Feb) as "Spring Festival", not Qingming (tomb sweeping), not the half-day Army Day.
    expect(festivals.some((f) => f.date === '2027-02-05' || f.date === '2027-04-05' || f.date === '2027-08-01')).toBe(false);
  });

  it('gives lunar festivals to customers in HK, TW, SG and MY whatever their locale', () => {
    for (const country of ['HK', 'TW', 'SG', 'MY']) {
      expect(dateOf(year2027(country, 'en'), 'spring-festival'), country).toBe('2027-02-06');
    }
  });

  it('gives a US customer Independence Day and Thanksgiving but no Spring Festival', () => {
    const festivals = year2027('US', 'en');
    expect(dateOf(festivals, 'independence-day')).toBe('2027-07-04');
    expect(dateOf(festivals, 'thanksgiving-day')).toBe('2027-11-25');
    expect(dateOf(festivals, 'christmas')).toBe('2027-12-25');
    expect(ids(festivals)).not.toContain('spring-festival');
  });

  it('skips substitute days, observances and days of remembrance for a US customer', () => {
    const festivals = year2027('US', 'en');
    // Independence Day 2027 is a Sunday: the Monday off is not a second greeting.
    expect(festivals.filter((f) => f.date === '2027-07-05')).toEqual([]);
    expect(ids(festivals)).not.toContain('memorial-day');
    expect(ids(festivals)).not.toContain('veterans-day');
    expect(ids(festivals)).not.toContain('halloween');
    expect(new Set(ids(festivals)).size).toBe(festivals.length);
  });

  it('adds the lunar festivals for a US customer who reads Chinese', () => {
    const festivals = year2027('US', 'zh');
    expect(dateOf(festivals, 'spring-festival')).toBe('2027-02-06');
    expect(dateOf(festivals, 'mid-autumn-festival')).toBe('2027-09-15');
    expect(dateOf(festivals, 'thanksgiving-day')).toBe('2027-11-25');
  });

  it('gives a German customer the German public holidays', () => {
    const festivals = year2027('DE', 'en');
    expect(festivals.map((f) => `${f.date} ${f.id}`)).toEqual([
      '2027-01-01 new-year',
      '2027-03-29 easter-monday',
      '2027-05-01 labour-day',
      '2027-05-06 ascension-day',
      '2027-05-17 whit-monday',
      '2027-10-03 national-holiday',
      '2027-12-25 christmas',
    ]);
    // Good Friday is solemn, Christmas Eve a bank holiday, Boxing Day a second greeting in two days.
  });

  it('skips bank holidays in the UK', () => {
    const festivals = year2027('GB', 'en');
    expect(festivals.some((f) => /bank/i.test(f.names.en))).toBe(false);
    expect(ids(festivals)).toEqual(['new-year', 'easter-monday', 'christmas']);
  });

  it("does not repeat the library's lunar days next to its own lunar festivals in Hong Kong", () => {
    const festivals = year2027('HK', 'zh');
    expect(festivals.filter((f) => f.date >= '2027-02-05' && f.date <= '2027-02-10').map((f) => f.id)).toEqual(['spring-festival']);
    expect(festivals.filter((f) => f.date === '2027-09-16')).toEqual([]);
    expect(dateOf(festivals, 'christmas')).toBe('2027-12-25');
  });

  it('falls back to New Year and, in English, Christmas for an unknown country', () => {
    expect(ids(year2027('XX', 'en'))).toEqual(['new-year', 'christmas']);
    expect(ids(year2027(null, 'en'))).toEqual(['new-year', 'christmas']);
    expect(ids(year2027('usa', 'en'))).toEqual(['new-year', 'christmas']);
    expect(ids(year2027('US.CA', 'en'))).toEqual(['new-year', 'christmas']);
  });

  it('gives an unknown-country customer who reads Chinese New Year and the lunar festivals, not Christmas', () => {
    expect(ids(year2027(null, 'zh'))).toEqual(['new-year', 'spring-festival', 'lantern-festival', 'dragon-boat-festival', 'mid-autumn-festival']);
  });

  it('reads the country code in any case', () => {
    expect(year2027(' us ', 'en')).toEqual(year2027('US', 'en'));
  });

  it('keeps both ends of the range and crosses the year boundary with year-stamped keys', () => {
    const festivals = festivalsBetween(new Date('2026-12-25'), new Date('2027-02-06'), 'CN', 'en');
    expect(festivals.map((f) => f.key)).toEqual(['2027-new-year', '2027-spring-festival']);
    const western = festivalsBetween(new Date('2026-12-25T23:59:00Z'), new Date('2027-01-01T00:00:00Z'), 'US', 'en');
    expect(western.map((f) => f.key)).toEqual(['2026-christmas', '2027-new-year']);
  });

  it('returns nothing for an empty range', () => {
    expect(festivalsBetween(new Date('2027-03-01'), new Date('2027-02-01'), 'CN', 'zh')).toEqual([]);
  });

  it('returns the same festivals on every call (cached, and not mutated by callers)', () => {
    const first = year2027('DE', 'en');
    first.pop();
    expect(year2027('DE', 'en')).toHaveLength(7);
    expect(() => {
      first[0]!.names.en = 'changed';
    }).toThrow(TypeError);
    expect(year2027('DE', 'en')[0]!.names.en).toBe("New Year's Day");
  });
});
