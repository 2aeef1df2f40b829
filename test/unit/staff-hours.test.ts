// When staff are at work and when they are back, in any IANA time zone.

import { describe, expect, it } from 'vitest';
import { parseStaffHours, staffAvailability, StaffHoursError } from '../../src/domain/staff-hours.ts';

const shanghai = parseStaffHours('09:00-21:00', '1-7', 'Asia/Shanghai');

describe('staff hours', () => {
  it('is open during the day in Shanghai', () => {
    // 12:00 in Shanghai is 04:00 UTC.
    expect(staffAvailability(shanghai, new Date('2026-11-23T04:00:00Z'))).toEqual({ open: true });
  });

  it('after closing, opens again at 09:00 the next morning', () => {
    // Mon 23 Nov 22:30 Shanghai → Tue 24 Nov 09:00 Shanghai (01:00 UTC).
    expect(staffAvailability(shanghai, new Date('2026-11-23T14:30:00Z'))).toEqual({ open: false, nextOpening: new Date('2026-11-24T01:00:00Z') });
  });

  it('before opening, opens the same morning', () => {
    // Tue 24 Nov 07:59 Shanghai.
    expect(staffAvailability(shanghai, new Date('2026-11-23T23:59:00Z'))).toEqual({ open: false, nextOpening: new Date('2026-11-24T01:00:00Z') });
  });

  it('closes at the end minute and opens at the start minute', () => {
    expect(staffAvailability(shanghai, new Date('2026-11-24T01:00:00Z'))).toEqual({ open: true });
    expect(staffAvailability(shanghai, new Date('2026-11-24T13:00:00Z')).open).toBe(false);
  });

  it('skips days off: Friday evening opens on Monday', () => {
    const weekdays = parseStaffHours('09:00-18:00', '1-5', 'Asia/Shanghai');
    // Fri 27 Nov 19:00 Shanghai → Mon 30 Nov 09:00 Shanghai.
    expect(staffAvailability(weekdays, new Date('2026-11-27T11:00:00Z'))).toEqual({ open: false, nextOpening: new Date('2026-11-30T01:00:00Z') });
  });

  it('works across a daylight saving change (New York, 1 Nov 2026)', () => {
    const ny = parseStaffHours('09:00-17:00', '1-7', 'America/New_York');
    // Sat 31 Oct 20:00 EDT → Sun 1 Nov 09:00 EST (14:00 UTC).
    expect(staffAvailability(ny, new Date('2026-11-01T00:00:00Z'))).toEqual({ open: false, nextOpening: new Date('2026-11-01T14:00:00Z') });
  });

  it('is always open with 00:00-24:00 every day', () => {
    const always = parseStaffHours('00:00-24:00', '1-7', 'Asia/Shanghai');
    expect(staffAvailability(always, new Date('2026-11-23T16:00:00Z'))).toEqual({ open: true });
  });

  it('refuses settings it cannot read', () => {
    expect(() => parseStaffHours('9-21', '1-7', 'Asia/Shanghai')).toThrow(StaffHoursError);
    expect(() => parseStaffHours('21:00-09:00', '1-7', 'Asia/Shanghai')).toThrow(StaffHoursError);
    expect(() => parseStaffHours('09:00-21:00', '0-8', 'Asia/Shanghai')).toThrow(StaffHoursError);
    expect(() => parseStaffHours('09:00-21:00', '1-7', 'Mars/Olympus')).toThrow(StaffHoursError);
  });
});
