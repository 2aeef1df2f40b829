import { describe, expect, it } from 'vitest';
import { confirmFields, readConfirmations, staleFields, writeConfirmations } from '../../src/domain/customer/card-freshness.ts';

const now = new Date('2027-03-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('profile card freshness', () => {
  it('flags set fields confirmed too long ago or never, not fresh or empty ones', () => {
    const confirmations = confirmFields(confirmFields({}, ['phone'], 'customer', daysAgo(10)), ['email'], 'staff:s1', daysAgo(400));
    expect(staleFields(['phone', 'email', 'address'], confirmations, now, 365)).toEqual(['email', 'address']);
    expect(staleFields([], confirmations, now, 365)).toEqual([]);
  });

  it('keeps who confirmed and when through the stored JSON, dropping what it cannot read', () => {
    const stored = JSON.parse(JSON.stringify(writeConfirmations(confirmFields({}, ['phone', 'country'], 'inferred', daysAgo(1)))));
    expect(readConfirmations({ ...stored, email: { at: 'not a date', by: 'x' }, unknownField: { at: now.toISOString(), by: 'customer' } })).toEqual({
      phone: { at: daysAgo(1), by: 'inferred' },
      country: { at: daysAgo(1), by: 'inferred' },
    });
  });
});
