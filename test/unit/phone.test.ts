import { describe, expect, it } from 'vitest';
import { isValidPhone, normalizePhone, phoneCountry } from '../../src/domain/phone.ts';

describe('phone numbers', () => {
  it('spell one number one way however it was written', () => {
    for (const written of ['138 1234 5678', '+86 138-1234-5678', '0086 13812345678', '13812345678', '+86 (138) 1234 5678']) {
      expect(normalizePhone(written)).toBe('+8613812345678');
    }
    expect(normalizePhone('010 6552 9988')).toBe('+861065529988');
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('keep the digits of a number no country knows', () => {
    expect(normalizePhone('+999 123')).toBe('+999123');
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidPhone('138 1234 5678')).toBe(true);
  });

  it('name the country of a number', () => {
    expect(phoneCountry('+8613812345678')).toBe('CN');
    expect(phoneCountry('+14155552671')).toBe('US');
    expect(phoneCountry('+999123')).toBeUndefined();
  });
});
