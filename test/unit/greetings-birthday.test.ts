// When a customer's next birthday is, on their own calendar.

import { describe, expect, it } from 'vitest';
import { nextBirthday } from '../../src/domain/greetings/birthday.ts';

// The profile card stores birthdays as date-only values at UTC midnight.
const born = (date: string): Date => new Date(`${date}T00:00:00Z`);

describe('next birthday', () => {
  it('is later this year when it has not come yet', () => {
    expect(nextBirthday(born('1990-05-10'), new Date('2027-03-01T04:00:00Z'), 'Asia/Shanghai')).toBe('2027-05-10');
  });

  it('is next year when this year’s has passed', () => {
    expect(nextBirthday(born('1990-01-15'), new Date('2027-03-01T04:00:00Z'), 'Asia/Shanghai')).toBe('2028-01-15');
  });

  it('is today on the day itself', () => {
    expect(nextBirthday(born('1990-03-01'), new Date('2027-03-01T04:00:00Z'), 'Asia/Shanghai')).toBe('2027-03-01');
  });

  it('falls on 28 February outside leap years for someone born on 29 February', () => {
    expect(nextBirthday(born('2000-02-29'), new Date('2027-01-10T04:00:00Z'), 'Asia/Shanghai')).toBe('2027-02-28');
    expect(nextBirthday(born('2000-02-29'), new Date('2027-03-01T04:00:00Z'), 'Asia/Shanghai')).toBe('2028-02-29');
    expect(nextBirthday(born('2000-02-29'), new Date('2100-01-10T04:00:00Z'), 'Asia/Shanghai')).toBe('2100-02-28'); // 2100 is no leap year
  });

  it('counts from the customer’s local date, not UTC', () => {
    // 9 May 20:00 UTC is already 10 May in Shanghai, still 9 May in New York.
    const from = new Date('2027-05-09T20:00:00Z');
    expect(nextBirthday(born('1990-05-09'), from, 'America/New_York')).toBe('2027-05-09');
    expect(nextBirthday(born('1990-05-09'), from, 'Asia/Shanghai')).toBe('2028-05-09');
  });

  it('crosses New Year’s Eve', () => {
    expect(nextBirthday(born('1985-01-01'), new Date('2027-12-31T12:00:00Z'), 'Europe/Berlin')).toBe('2028-01-01');
    expect(nextBirthday(born('1985-01-01'), new Date('2027-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2028-01-01');
  });

  it('reads an unknown time zone as Shanghai', () => {
    expect(nextBirthday(born('1990-05-09'), new Date('2027-05-09T20:00:00Z'), 'Moon/Base')).toBe('2028-05-09');
  });

  it('refuses an invalid date', () => {
    expect(() => nextBirthday(new Date('nonsense'), new Date('2027-05-09T20:00:00Z'), 'Asia/Shanghai')).toThrow(RangeError);
  });
});
