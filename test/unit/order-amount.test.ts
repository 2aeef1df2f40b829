// Order amounts as shops write them, in major units, read exactly into hundredths (no float error).

import { describe, expect, it } from 'vitest';
import { isCurrencyCode, parseAmountCents } from '../../src/domain/orders.ts';

describe('order amounts', () => {
  it('read decimal strings and numbers exactly into hundredths', () => {
    expect(parseAmountCents('59.90')).toEqual({ ok: true, cents: 5990 });
    expect(parseAmountCents('59.9')).toEqual({ ok: true, cents: 5990 });
    expect(parseAmountCents(59.9)).toEqual({ ok: true, cents: 5990 });
    expect(parseAmountCents('59')).toEqual({ ok: true, cents: 5900 });
    // 0.29 * 100 is 28.999999999999996 in floating point; 1.005 * 100 is 100.49999999999999.
    expect(parseAmountCents('0.29')).toEqual({ ok: true, cents: 29 });
    expect(parseAmountCents(0.29)).toEqual({ ok: true, cents: 29 });
    expect(parseAmountCents('19.99')).toEqual({ ok: true, cents: 1999 });
    expect(parseAmountCents(' 007.05 ')).toEqual({ ok: true, cents: 705 });
    expect(parseAmountCents('0')).toEqual({ ok: true, cents: 0 });
    expect(parseAmountCents('21474836.47')).toEqual({ ok: true, cents: 2_147_483_647 });
  });

  it('refuse what is not an amount in major units, saying why', () => {
    expect(parseAmountCents('59.999')).toEqual({ ok: false, reason: 'has more than two decimals' });
    expect(parseAmountCents(0.1 + 0.2)).toEqual({ ok: false, reason: 'has more than two decimals' });
    expect(parseAmountCents('-5')).toEqual({ ok: false, reason: 'must not be negative' });
    expect(parseAmountCents(-5)).toEqual({ ok: false, reason: 'must not be negative' });
    expect(parseAmountCents(Number.NaN)).toEqual({ ok: false, reason: 'must be a finite number' });
    expect(parseAmountCents(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parseAmountCents(1e21).ok).toBe(false);
    for (const text of ['', '1,299.00', '¥59', '59.', '.5', '5e2', 'abc', '0x10']) expect(parseAmountCents(text).ok, text).toBe(false);
    expect(parseAmountCents('21474836.48')).toEqual({ ok: false, reason: expect.stringMatching(/above the largest amount/) });
    expect(parseAmountCents('99999999999999')).toEqual({ ok: false, reason: expect.stringMatching(/above the largest amount/) });
  });

  it('know ISO 4217 currency codes', () => {
    for (const code of ['CNY', 'USD', 'EUR', 'JPY', 'HKD']) expect(isCurrencyCode(code), code).toBe(true);
    for (const code of ['RMB', 'cny', 'XYZ', '', 'US']) expect(isCurrencyCode(code), code).toBe(false);
  });
});
