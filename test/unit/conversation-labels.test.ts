// Labels on conversations in one spelling, and the reasons a text is no label.

import { describe, expect, it } from 'vitest';
import { labelProblem, labelSet, normalizeLabel } from '../../src/domain/conversation-labels.ts';

describe('conversation labels', () => {
  it('trims and lower-cases, keeping Chinese, digits, spaces, hyphens and underscores', () => {
    expect(normalizeLabel('  VIP ')).toBe('vip');
    expect(normalizeLabel('退款 待批_2-b')).toBe('退款 待批_2-b');
    expect(normalizeLabel('x'.repeat(32))).toBe('x'.repeat(32));
  });

  it('refuses empty, too long and other characters, saying why', () => {
    for (const bad of ['', '   ', 'x'.repeat(33), 'a,b', '<b>', 'new\nline']) expect(normalizeLabel(bad)).toBeUndefined();
    expect(labelProblem(' ')).toMatch(/empty/);
    expect(labelProblem('x'.repeat(33))).toMatch(/at most 32/);
    expect(labelProblem('a;b')).toMatch(/letters, digits/);
    expect(labelProblem('ok')).toBeUndefined();
  });

  it('makes a set: one label whatever its spelling, in a stable order', () => {
    expect(labelSet(['Refund', 'refund ', 'VIP', '加急'])).toEqual(['refund', 'vip', '加急']);
  });
});
