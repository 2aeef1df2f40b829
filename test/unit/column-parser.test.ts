import { describe, expect, it } from 'vitest';
import { isTier, parseConversationStatus, parseTier } from '../../src/domain/types.ts';

describe('reading stored vocabulary', () => {
  it('passes a known value through and names the column and value of an unknown one', () => {
    expect(parseTier('A')).toBe('A');
    expect(parseConversationStatus('queued')).toBe('queued');
    expect(() => parseTier('D')).toThrow('Customer.tier holds "D", not one of A, B, C');
    expect(() => parseConversationStatus('open')).toThrow(/Conversation\.status holds "open"/);
  });

  it('tells a tier from any other text', () => {
    expect(isTier('B')).toBe(true);
    expect(isTier('b')).toBe(false);
  });
});
