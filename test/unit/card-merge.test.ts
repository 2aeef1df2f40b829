// Two verified cards of one person become one: the kept card wins, its gaps are filled, the stricter choices hold.

import { describe, expect, it } from 'vitest';
import { mergeCards, type MergeableCard } from '../../src/domain/card-merge.ts';

const blank: MergeableCard = {
  name: null,
  email: null,
  country: null,
  birthday: null,
  keyAccountManagerId: null,
  phoneVerifiedAt: null,
  lastContactAt: null,
  isKey: false,
  optOutGreetings: false,
  optOutMarketing: false,
  purchaseTotalCents: 0,
  attributes: {},
};

describe('merging profile cards', () => {
  it('keeps the kept card’s values and fills its empty ones from the other', () => {
    const kept = { ...blank, name: 'Mei', email: '', phoneVerifiedAt: new Date('2026-01-01T00:00:00Z'), purchaseTotalCents: 0 };
    const other = { ...blank, name: 'Mei Li', email: 'mei@example.com', country: 'CN', phoneVerifiedAt: new Date('2026-02-01T00:00:00Z'), purchaseTotalCents: 12_000 };
    expect(mergeCards(kept, other)).toMatchObject({ name: 'Mei', email: 'mei@example.com', country: 'CN', phoneVerifiedAt: kept.phoneVerifiedAt, purchaseTotalCents: 12_000 });
  });

  it('keeps an opt-out or a key-customer flag from either card, and the latest contact', () => {
    const kept = { ...blank, optOutGreetings: true, lastContactAt: new Date('2026-03-01T00:00:00Z') };
    const other = { ...blank, optOutMarketing: true, isKey: true, lastContactAt: new Date('2026-04-01T00:00:00Z') };
    expect(mergeCards(kept, other)).toMatchObject({ optOutGreetings: true, optOutMarketing: true, isKey: true, lastContactAt: other.lastContactAt });
  });

  it('joins lists in the free-form attributes and keeps the kept card’s other values', () => {
    const kept = { ...blank, attributes: { orderNumbers: ['11223344'], product: 'kettle' } };
    const other = { ...blank, attributes: { orderNumbers: ['99887766', '11223344'], product: 'blender', size: 'L' } };
    expect(mergeCards(kept, other).attributes).toEqual({ orderNumbers: ['11223344', '99887766'], product: 'kettle', size: 'L' });
  });
});
