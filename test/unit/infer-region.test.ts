import { describe, expect, it } from 'vitest';
import { inferCountry, inferRegion, singleTimeZone } from '../../src/domain/customer/infer-region.ts';
import { updateCardRegion } from '../../src/domain/customer/card-region.ts';
import { phoneCountry } from '../../src/domain/phone.ts';

const unknown = { country: null, timezoneKnown: false };

describe('country and time zone inferred for a card that does not know them', () => {
  it('takes a Chinese number to China and Shanghai time', () => {
    expect(inferRegion({ phoneCountry: phoneCountry('+8613812345678'), locale: 'en' }, unknown)).toEqual({ country: 'CN', timezone: 'Asia/Shanghai' });
  });

  it('names the country of a US number but leaves the time zone: the US spans several', () => {
    expect(inferRegion({ phoneCountry: phoneCountry('+14155552671') }, unknown)).toEqual({ country: 'US' });
    expect(singleTimeZone('US')).toBeUndefined();
    expect(singleTimeZone('AU')).toBeUndefined();
  });

  it('takes the phone over the language', () => {
    expect(inferRegion({ phoneCountry: 'GB', locale: 'zh' }, unknown)).toEqual({ country: 'GB', timezone: 'Europe/London' });
  });

  it('reads Chinese as China without a phone, and English as nowhere in particular', () => {
    expect(inferCountry({ locale: 'zh' })).toBe('CN');
    expect(inferCountry({ locale: 'zh-TW' })).toBe('TW');
    expect(inferCountry({ locale: 'en' })).toBeUndefined();
    expect(inferRegion({ locale: 'en' }, unknown)).toEqual({});
  });

  it('never overwrites what the card knows', () => {
    expect(inferRegion({ phoneCountry: 'CN' }, { country: 'SG', timezoneKnown: false })).toEqual({ timezone: 'Asia/Singapore' });
    expect(inferRegion({ phoneCountry: 'CN' }, { country: null, timezoneKnown: true })).toEqual({ country: 'CN' });
    expect(inferRegion({ phoneCountry: 'CN' }, { country: 'CN', timezoneKnown: true })).toEqual({});
  });
});

describe('the inferred region written into a card', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const earlier = new Date('2026-01-01T00:00:00Z');

  it('fills an unknown country and the default time zone, marked as inferred', () => {
    expect(updateCardRegion({ country: null, timezone: 'Asia/Shanghai' }, {}, { phoneCountry: 'GB' }, now)).toEqual({
      changes: { country: 'GB', timezone: 'Europe/London' },
      confirmations: { country: { at: now, by: 'inferred' }, timezone: { at: now, by: 'inferred' } },
    });
  });

  it('replaces an earlier guess but never what someone confirmed', () => {
    const guessed = { country: { at: earlier, by: 'inferred' as const }, timezone: { at: earlier, by: 'inferred' as const } };
    expect(updateCardRegion({ country: 'CN', timezone: 'Asia/Shanghai' }, guessed, { phoneCountry: 'JP' }, now).changes).toEqual({ country: 'JP', timezone: 'Asia/Tokyo' });
    const confirmed = { country: { at: earlier, by: 'customer' as const }, timezone: { at: earlier, by: 'staff:s1' as const } };
    expect(updateCardRegion({ country: 'CN', timezone: 'Asia/Shanghai' }, confirmed, { phoneCountry: 'JP' }, now)).toEqual({ changes: {}, confirmations: confirmed });
  });

  it('leaves a same guess as it was', () => {
    const guessed = { country: { at: earlier, by: 'inferred' as const }, timezone: { at: earlier, by: 'inferred' as const } };
    expect(updateCardRegion({ country: 'CN', timezone: 'Asia/Shanghai' }, guessed, { phoneCountry: 'CN' }, now)).toEqual({ changes: {}, confirmations: guessed });
  });
});
