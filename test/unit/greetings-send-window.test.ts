// When greetings go out: in the customer's local daytime, outside quiet hours, spread over the
// first hours of the window, on the right local day across daylight saving changes.

import { describe, expect, it } from 'vitest';
import { greetingSendTime, isQuietHour, nextAllowedTime, localDateOf, SendWindowError } from '../../src/domain/greetings/send-window.ts';

const daytime = { startHour: 9, endHour: 20 };
const quiet = { startHour: 21, endHour: 8 };

/** The customer's wall clock, "YYYY-MM-DD HH:MM:SS", to read the assertions as a customer would. */
function wall(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
}

describe('greeting send time', () => {
  it('sends at the start of the window without a spread key (09:00 Shanghai is 01:00 UTC)', () => {
    expect(greetingSendTime('2027-02-06', 'Asia/Shanghai', daytime, quiet)).toEqual(new Date('2027-02-06T01:00:00Z'));
  });

  it('keeps 09:00 local on both sides of the New York spring change (14 Mar 2027)', () => {
    expect(greetingSendTime('2027-03-13', 'America/New_York', daytime, quiet)).toEqual(new Date('2027-03-13T14:00:00Z'));
    expect(greetingSendTime('2027-03-14', 'America/New_York', daytime, quiet)).toEqual(new Date('2027-03-14T13:00:00Z'));
  });

  it('keeps 09:00 local on both sides of the New York autumn change (7 Nov 2027)', () => {
    expect(greetingSendTime('2027-11-06', 'America/New_York', daytime, quiet)).toEqual(new Date('2027-11-06T13:00:00Z'));
    expect(greetingSendTime('2027-11-07', 'America/New_York', daytime, quiet)).toEqual(new Date('2027-11-07T14:00:00Z'));
  });

  it('keeps 09:00 local on both sides of the Berlin changes (28 Mar and 31 Oct 2027)', () => {
    expect(greetingSendTime('2027-03-27', 'Europe/Berlin', daytime)).toEqual(new Date('2027-03-27T08:00:00Z'));
    expect(greetingSendTime('2027-03-28', 'Europe/Berlin', daytime)).toEqual(new Date('2027-03-28T07:00:00Z'));
    expect(greetingSendTime('2027-10-30', 'Europe/Berlin', daytime)).toEqual(new Date('2027-10-30T07:00:00Z'));
    expect(greetingSendTime('2027-10-31', 'Europe/Berlin', daytime)).toEqual(new Date('2027-10-31T08:00:00Z'));
  });

  it('moves an hour that does not exist (02:00 on the Berlin spring change) to the moment the clocks jump to', () => {
    const at = greetingSendTime('2027-03-28', 'Europe/Berlin', { startHour: 2, endHour: 20 });
    expect(at).toEqual(new Date('2027-03-28T01:00:00Z'));
    expect(wall(at, 'Europe/Berlin')).toBe('2027-03-28 03:00:00');
  });

  it('spreads customers over the first three hours of the window, the same time for the same key', () => {
    const times = Array.from({ length: 2000 }, (_, i) => greetingSendTime('2027-12-25', 'America/New_York', daytime, quiet, `cust-${i}`));
    const clocks = times.map((t) => wall(t, 'America/New_York'));
    expect(clocks.every((c) => c >= '2027-12-25 09:00:00' && c < '2027-12-25 12:00:00')).toBe(true);
    expect(new Set(clocks.map((c) => c.slice(0, 16))).size).toBeGreaterThan(150); // minutes in use
    const perHour = [9, 10, 11].map((h) => clocks.filter((c) => c.slice(11, 13) === String(h).padStart(2, '0')).length);
    expect(Math.min(...perHour)).toBeGreaterThan(500); // roughly a third each
    expect(greetingSendTime('2027-12-25', 'America/New_York', daytime, quiet, 'cust-7')).toEqual(times[7]);
  });

  it('spreads across the DST change day with the same local times', () => {
    const before = wall(greetingSendTime('2027-03-13', 'America/New_York', daytime, quiet, 'cust-42'), 'America/New_York');
    const after = wall(greetingSendTime('2027-03-14', 'America/New_York', daytime, quiet, 'cust-42'), 'America/New_York');
    expect(after.slice(11)).toBe(before.slice(11));
  });

  it('never sends in quiet hours that overlap the window', () => {
    const early = { startHour: 6, endHour: 22 };
    expect(wall(greetingSendTime('2027-06-09', 'Asia/Shanghai', early, quiet), 'Asia/Shanghai')).toBe('2027-06-09 08:00:00');
    for (let i = 0; i < 500; i += 1) {
      const clock = wall(greetingSendTime('2027-06-09', 'Asia/Shanghai', early, quiet, `c${i}`), 'Asia/Shanghai');
      expect(clock >= '2027-06-09 08:00:00' && clock < '2027-06-09 11:00:00').toBe(true);
    }
  });

  it('spreads over a window shorter than three hours without leaving it', () => {
    const short = { startHour: 10, endHour: 11 };
    for (let i = 0; i < 200; i += 1) expect(wall(greetingSendTime('2027-06-09', 'Asia/Shanghai', short, quiet, `c${i}`), 'Asia/Shanghai').slice(11, 13)).toBe('10');
  });

  it('reads an unknown time zone as Shanghai instead of throwing', () => {
    expect(greetingSendTime('2027-02-06', 'Mars/Olympus', daytime, quiet, 'cust-1')).toEqual(greetingSendTime('2027-02-06', 'Asia/Shanghai', daytime, quiet, 'cust-1'));
    expect(greetingSendTime('2027-02-06', '', daytime, quiet)).toEqual(new Date('2027-02-06T01:00:00Z'));
    expect(localDateOf(new Date('2027-02-05T17:00:00Z'), 'not a zone')).toBe('2027-02-06');
  });

  it('refuses a date or window it cannot read', () => {
    expect(() => greetingSendTime('2027-02-30', 'Asia/Shanghai', daytime)).toThrow(SendWindowError);
    expect(() => greetingSendTime('6 Feb 2027', 'Asia/Shanghai', daytime)).toThrow(SendWindowError);
    expect(() => greetingSendTime('2027-02-06', 'Asia/Shanghai', { startHour: 9, endHour: 25 })).toThrow(SendWindowError);
    expect(() => greetingSendTime('2027-02-06', 'Asia/Shanghai', { startHour: 22, endHour: 23 }, quiet)).toThrow(/no hour outside the quiet hours/);
  });
});

describe('quiet hours', () => {
  it('are quiet from 21:00 to 07:59 local, across midnight', () => {
    // Shanghai is UTC+8.
    expect(isQuietHour(new Date('2027-02-06T12:59:00Z'), 'Asia/Shanghai', quiet)).toBe(false); // 20:59
    expect(isQuietHour(new Date('2027-02-06T13:00:00Z'), 'Asia/Shanghai', quiet)).toBe(true); // 21:00
    expect(isQuietHour(new Date('2027-02-06T16:00:00Z'), 'Asia/Shanghai', quiet)).toBe(true); // 00:00
    expect(isQuietHour(new Date('2027-02-06T23:59:00Z'), 'Asia/Shanghai', quiet)).toBe(true); // 07:59
    expect(isQuietHour(new Date('2027-02-07T00:00:00Z'), 'Asia/Shanghai', quiet)).toBe(false); // 08:00
  });

  it('follow the local clock through the hour New York repeats on 7 Nov 2027', () => {
    expect(isQuietHour(new Date('2027-11-07T05:30:00Z'), 'America/New_York', quiet)).toBe(true); // 01:30 EDT
    expect(isQuietHour(new Date('2027-11-07T06:30:00Z'), 'America/New_York', quiet)).toBe(true); // 01:30 EST
    expect(isQuietHour(new Date('2027-11-07T13:00:00Z'), 'America/New_York', quiet)).toBe(false); // 08:00 EST
  });

  it('can be a range within one day', () => {
    expect(isQuietHour(new Date('2027-02-06T05:00:00Z'), 'Asia/Shanghai', { startHour: 12, endHour: 14 })).toBe(true); // 13:00
    expect(isQuietHour(new Date('2027-02-06T06:00:00Z'), 'Asia/Shanghai', { startHour: 12, endHour: 14 })).toBe(false); // 14:00
  });
});

describe('the local clock of many sends in one second', () => {
  // localDateOf and isQuietHour remember the last second read in each zone: every instant of a
  // second, in any order and in several zones at once, must still read as Intl reads it.
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham'];
  const moments = [
    '2027-03-14T06:59:58Z', // New York's spring change (02:00 EST → 03:00 EDT)
    '2027-11-07T05:59:58Z', // New York's autumn change
    '2027-03-28T00:59:58Z', // Berlin's spring change
    '2027-10-31T00:59:58Z', // Berlin's autumn change
    '2027-04-03T14:59:58Z', // Lord Howe's half-hour change (02:00 → 01:30)
    '2027-02-05T15:59:58Z', // midnight in Shanghai
    '2027-02-05T18:14:58Z', // midnight in Kathmandu (UTC+5:45)
  ];

  it('reads the date and the hour as Intl does, a quarter of a second apart, across midnights and clock changes', () => {
    const hourQuiet = (at: Date, zone: string) => {
      const hour = Number(wall(at, zone).slice(11, 13));
      return hour >= quiet.startHour || hour < quiet.endHour;
    };
    for (const moment of moments) {
      for (let step = 0; step < 20; step += 1) {
        const at = new Date(new Date(moment).getTime() + step * 250);
        for (const zone of zones) {
          expect(localDateOf(at, zone), `${zone} ${at.toISOString()}`).toBe(wall(at, zone).slice(0, 10));
          expect(isQuietHour(at, zone, quiet), `${zone} ${at.toISOString()}`).toBe(hourQuiet(at, zone));
        }
      }
    }
  });

  it('reads an earlier instant again after a later one in the same zone', () => {
    const late = new Date('2027-02-05T16:00:00.500Z'); // 00:00:00.5 on 6 Feb in Shanghai
    const early = new Date('2027-02-05T15:59:59.999Z'); // 23:59:59.999 on 5 Feb
    expect(localDateOf(late, 'Asia/Shanghai')).toBe('2027-02-06');
    expect(localDateOf(early, 'Asia/Shanghai')).toBe('2027-02-05');
    expect(localDateOf(late, 'Asia/Shanghai')).toBe('2027-02-06');
  });

  it('still refuses an invalid instant', () => {
    expect(() => localDateOf(new Date(Number.NaN), 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => isQuietHour(new Date(Number.NaN), 'Asia/Shanghai', quiet)).toThrow(RangeError);
  });
});

describe('next allowed time', () => {
  it('keeps a moment that is already allowed', () => {
    const at = new Date('2027-02-06T03:17:05Z'); // 11:17:05 Shanghai
    expect(nextAllowedTime(at, 'Asia/Shanghai', daytime, quiet)).toEqual(at);
  });

  it('moves a delivery due in the night to 09:00 the next morning', () => {
    // 23:30 Shanghai → 09:00 the next day.
    expect(nextAllowedTime(new Date('2027-02-06T15:30:00Z'), 'Asia/Shanghai', daytime, quiet)).toEqual(new Date('2027-02-07T01:00:00Z'));
  });

  it('moves a delivery due before dawn to 09:00 the same morning', () => {
    // 03:00 Shanghai.
    expect(nextAllowedTime(new Date('2027-02-06T19:00:00Z'), 'Asia/Shanghai', daytime, quiet)).toEqual(new Date('2027-02-07T01:00:00Z'));
  });

  it('moves a delivery due at 20:30, after the window but before quiet hours, to the next morning', () => {
    expect(nextAllowedTime(new Date('2027-02-06T12:30:00Z'), 'Asia/Shanghai', daytime, quiet)).toEqual(new Date('2027-02-07T01:00:00Z'));
  });

  it('lands on local 09:00 across the New York spring change', () => {
    // Sat 13 Mar 22:30 EST → Sun 14 Mar 09:00 EDT (13:00 UTC).
    expect(nextAllowedTime(new Date('2027-03-14T03:30:00Z'), 'America/New_York', daytime, quiet)).toEqual(new Date('2027-03-14T13:00:00Z'));
  });

  it('lands on local 09:00 across the Berlin autumn change', () => {
    // Sat 30 Oct 23:00 CEST → Sun 31 Oct 09:00 CET (08:00 UTC).
    expect(nextAllowedTime(new Date('2027-10-30T21:00:00Z'), 'Europe/Berlin', daytime, quiet)).toEqual(new Date('2027-10-31T08:00:00Z'));
  });

  it('skips quiet hours inside the window', () => {
    // 12:30 Shanghai with a 12–14 lunchtime quiet → 14:00.
    expect(nextAllowedTime(new Date('2027-02-06T04:30:00Z'), 'Asia/Shanghai', daytime, { startHour: 12, endHour: 14 })).toEqual(new Date('2027-02-06T06:00:00Z'));
  });

  it('reads an unknown time zone as Shanghai', () => {
    expect(nextAllowedTime(new Date('2027-02-06T15:30:00Z'), 'Nowhere/Land', daytime, quiet)).toEqual(new Date('2027-02-07T01:00:00Z'));
  });
});
