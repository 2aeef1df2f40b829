// Planning festival and birthday greetings for many customers: who gets what, when, and under
// which dedupe key, so planning the same days twice sends nothing twice.

import { describe, expect, it } from 'vitest';
import { planGreetings, type GreetingCustomer } from '../../src/domain/greetings/plan-greetings.ts';

function customer(overrides: Partial<GreetingCustomer> & { id: string }): GreetingCustomer {
  return { locale: 'zh', country: 'CN', timezone: 'Asia/Shanghai', birthday: null, tier: 'B', optOutGreetings: false, ...overrides };
}

/** The customer's wall clock, "YYYY-MM-DD HH:MM:SS". */
function wall(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
}

const window = { startHour: 9, endHour: 20 };
const quiet = { startHour: 21, endHour: 8 };
const feb2027 = new Date('2027-02-01T00:00:00Z');

describe('planning greetings', () => {
  it('plans Spring Festival and Lantern Festival for a customer in China, in the Shanghai morning', () => {
    const planned = planGreetings([customer({ id: 'cust-1' })], feb2027, 30, { window, quiet });
    expect(planned.map(({ customerId, occasion, dedupeKey, localDate, names }) => ({ customerId, occasion, dedupeKey, localDate, names }))).toEqual([
      { customerId: 'cust-1', occasion: 'spring-festival', dedupeKey: 'greeting:2027-spring-festival:cust-1', localDate: '2027-02-06', names: { zh: '春节', en: 'Spring Festival' } },
      { customerId: 'cust-1', occasion: 'lantern-festival', dedupeKey: 'greeting:2027-lantern-festival:cust-1', localDate: '2027-02-20', names: { zh: '元宵节', en: 'Lantern Festival' } },
    ]);
    for (const greeting of planned) {
      const clock = wall(greeting.dueAt, 'Asia/Shanghai');
      expect(clock >= `${greeting.localDate} 09:00:00` && clock < `${greeting.localDate} 12:00:00`).toBe(true);
    }
  });

  it('plans a birthday under a year-stamped key, in date order with the festivals', () => {
    const planned = planGreetings([customer({ id: 'cust-1', birthday: new Date('1990-02-14T00:00:00Z') })], feb2027, 30, { window, quiet });
    expect(planned.map((g) => `${g.localDate} ${g.dedupeKey}`)).toEqual([
      '2027-02-06 greeting:2027-spring-festival:cust-1',
      '2027-02-14 greeting:birthday-2027:cust-1',
      '2027-02-20 greeting:2027-lantern-festival:cust-1',
    ]);
    expect(planned[1]).toMatchObject({ occasion: 'birthday', names: { zh: '生日', en: 'Birthday' } });
  });

  it('plans a customer listed twice only once', () => {
    const planned = planGreetings([customer({ id: 'cust-1' }), customer({ id: 'cust-1' })], feb2027, 30, { window, quiet });
    expect(planned.map((g) => g.dedupeKey)).toEqual(['greeting:2027-spring-festival:cust-1', 'greeting:2027-lantern-festival:cust-1']);
  });

  it('skips customers who opted out of greetings', () => {
    const planned = planGreetings([customer({ id: 'out', optOutGreetings: true, birthday: new Date('1990-02-14T00:00:00Z') }), customer({ id: 'in' })], feb2027, 30, { window, quiet });
    expect(new Set(planned.map((g) => g.customerId))).toEqual(new Set(['in']));
  });

  it('greets a US customer for Thanksgiving in New York daytime, and not for Spring Festival', () => {
    const us = customer({ id: 'us-1', locale: 'en-US', country: 'US', timezone: 'America/New_York' });
    const planned = planGreetings([us], new Date('2027-01-01T05:00:00Z'), 365, { window, quiet });
    expect(planned.map((g) => g.occasion)).toContain('thanksgiving-day');
    expect(planned.map((g) => g.occasion)).not.toContain('spring-festival');
    const thanksgiving = planned.find((g) => g.occasion === 'thanksgiving-day')!;
    expect(thanksgiving.localDate).toBe('2027-11-25');
    expect(wall(thanksgiving.dueAt, 'America/New_York').slice(0, 10)).toBe('2027-11-25');
  });

  it('gives the same keys and times when the same days are planned again', () => {
    const customers = [customer({ id: 'cust-1', birthday: new Date('1990-02-14T00:00:00Z') }), customer({ id: 'cust-2', country: 'US', locale: 'en', timezone: 'America/Los_Angeles' })];
    const first = planGreetings(customers, feb2027, 30, { window, quiet });
    const again = planGreetings(customers, feb2027, 30, { window, quiet });
    expect(again).toEqual(first);
    // A day later the window has moved on; what the two runs share is planned identically.
    const later = planGreetings(customers, new Date('2027-02-02T00:00:00Z'), 30, { window, quiet });
    const firstByKey = new Map(first.map((g) => [g.dedupeKey, g]));
    const shared = later.filter((g) => firstByKey.has(g.dedupeKey));
    expect(shared.length).toBeGreaterThan(0);
    for (const greeting of shared) expect(greeting).toEqual(firstByKey.get(greeting.dedupeKey));
  });

  it("sends today's greeting at once when its slot passed during the window", () => {
    // 15:00 Shanghai on Spring Festival: every slot (09:00–12:00) is over, the window is not.
    const from = new Date('2027-02-06T07:00:00Z');
    const [greeting] = planGreetings([customer({ id: 'cust-1' })], from, 1, { window, quiet });
    expect(greeting).toMatchObject({ occasion: 'spring-festival', dueAt: from });
  });

  it("drops today's greeting once today's window is over, rather than greeting a day late", () => {
    // 20:30 Shanghai on Spring Festival.
    const planned = planGreetings([customer({ id: 'cust-1' })], new Date('2027-02-06T12:30:00Z'), 1, { window, quiet });
    expect(planned.map((g) => g.occasion)).not.toContain('spring-festival');
  });

  it('plans by the customer’s own date: Christmas for Auckland is not yet over when it is for Honolulu', () => {
    // 25 Dec 2027 10:00 UTC is 23:00 in Auckland (window over), 00:00 in Honolulu (the day ahead).
    const from = new Date('2027-12-25T10:00:00Z');
    const nz = customer({ id: 'nz', locale: 'en', country: 'NZ', timezone: 'Pacific/Auckland' });
    const hi = customer({ id: 'hi', locale: 'en', country: 'US', timezone: 'Pacific/Honolulu' });
    const planned = planGreetings([nz, hi], from, 0, { window, quiet });
    expect(planned.map((g) => g.dedupeKey)).toEqual(['greeting:2027-christmas:hi']);
  });

  it('uses the defaults 9–20 and quiet 21–8 when no options are given, and Shanghai for a bad zone', () => {
    const [greeting] = planGreetings([customer({ id: 'cust-1', timezone: 'Bad/Zone' })], feb2027, 30);
    const clock = wall(greeting!.dueAt, 'Asia/Shanghai');
    expect(clock >= '2027-02-06 09:00:00' && clock < '2027-02-06 12:00:00').toBe(true);
  });

  it('plans 100,000 customers, one key per greeting', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Singapore', 'Not/AZone'];
    const countries = ['CN', 'US', 'DE', 'SG', null];
    const customers = Array.from({ length: 100_000 }, (_, i) =>
      customer({
        id: `cust-${i}`,
        locale: i % 3 === 0 ? 'zh-CN' : 'en',
        country: countries[i % 5]!,
        timezone: zones[i % 5]!,
        birthday: i % 10 === 0 ? new Date('1990-02-08T00:00:00Z') : null,
        optOutGreetings: i % 100 === 1,
      }),
    );
    // 1 Feb 08:00 UTC + 10 days: Spring Festival (6 Feb) for CN, SG and every zh customer, and the
    // 8 Feb birthdays; no other festival of these countries falls in the range.
    const planned = planGreetings(customers, new Date('2027-02-01T08:00:00Z'), 10, { window, quiet });
    const active = customers.filter((c) => !c.optOutGreetings);
    const springFestival = active.filter((c) => c.country === 'CN' || c.country === 'SG' || c.locale.startsWith('zh')).length;
    const birthdays = active.filter((c) => c.birthday).length;
    expect(planned).toHaveLength(springFestival + birthdays);
    expect(new Set(planned.map((g) => g.dedupeKey)).size).toBe(planned.length);
  });
});
