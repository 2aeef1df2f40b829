import { describe, expect, it } from 'vitest';
import { DEFAULT_SPIKE_OPTIONS, detectSpikes, poissonUpperTail, type KeyCounts } from '../../src/domain/crisis/spike-detection.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

describe('the Poisson upper tail', () => {
  it.each([
    [5, 0.5, 1.721156299558e-4],
    [3, 2, 3.233235838169e-1],
    [10, 3.5, 3.314944264632e-3],
    [1, 0.1, 9.516258196404e-2],
    [2, 2, 5.939941502902e-1],
    [40, 5, 8.550023756843e-23],
    [100, 60, 1.481527632646e-6],
    [12, 0.5, 3.214697303345e-13],
  ])('P(X ≥ %i | λ = %f) = %e', (k, lambda, expected) => {
    expect(poissonUpperTail(k, lambda) / expected).toBeCloseTo(1, 9);
  });

  it('is 1 at zero and refuses what is not a count or a rate', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(() => poissonUpperTail(-1, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(2.5, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(3, 0)).toThrow(RangeError);
    expect(() => poissonUpperTail(3, Number.NaN)).toThrow(RangeError);
  });
});

describe('spotting a burst of similar complaints', () => {
  const options = { ...DEFAULT_SPIKE_OPTIONS, windowMs: HOUR, baselineMs: 14 * DAY };
  const counts = (windowCount: number, baselineCount: number, key = 'delivery'): KeyCounts => ({ dimension: 'category', key, windowCount, baselineCount });

  it('flags a quiet category that suddenly gets many complaints', () => {
    // 14 a fortnight is 0.04 an hour; 6 in an hour is far beyond chance.
    const [spike] = detectSpikes([counts(6, 14)], options);
    expect(spike).toMatchObject({ dimension: 'category', key: 'delivery', count: 6 });
    expect(spike!.expected).toBe(0.5);
    expect(spike!.pValue).toBeLessThan(1e-3);
  });

  it('does not flag a busy category at its usual rate', () => {
    // 3,360 a fortnight is 10 an hour: 12 in an hour is ordinary.
    expect(detectSpikes([counts(12, 3_360)], options)).toEqual([]);
  });

  it('flags the busy category when it runs at several times its rate', () => {
    expect(detectSpikes([counts(30, 3_360)], options)).toHaveLength(1);
  });

  it('does not flag a busy key at its daily peak: the count must be a real multiple of the expected one', () => {
    // 1,680 a fortnight is 5 an hour on average; 14 in a peak hour is rare under that average
    // (p ≈ 5e-4) but under three times it, as a busy hour is every day.
    expect(detectSpikes([counts(14, 1_680)], options)).toEqual([]);
    expect(detectSpikes([counts(14, 1_680)], { ...options, minRatio: 1 })).toHaveLength(1);
    expect(detectSpikes([counts(15, 1_680)], options)).toHaveLength(1);
  });

  it('needs the minimum count, however new the key is', () => {
    expect(detectSpikes([counts(4, 0)], options)).toEqual([]);
    expect(detectSpikes([counts(5, 0)], options)).toHaveLength(1);
  });

  it('orders spikes from the most surprising, and keeps each dimension', () => {
    const spikes = detectSpikes(
      [
        { dimension: 'product', key: 'kettle', windowCount: 6, baselineCount: 0 },
        { dimension: 'keyword', key: '漏水', windowCount: 20, baselineCount: 0 },
        { dimension: 'category', key: 'billing', windowCount: 2, baselineCount: 0 },
      ],
      options,
    );
    expect(spikes.map((spike) => [spike.dimension, spike.key])).toEqual([
      ['keyword', '漏水'],
      ['product', 'kettle'],
    ]);
  });

  it('refuses settings that make no sense', () => {
    expect(() => detectSpikes([], { ...options, alpha: 0 })).toThrow(RangeError);
    expect(() => detectSpikes([], { ...options, windowMs: 0 })).toThrow(RangeError);
    expect(() => detectSpikes([], { ...options, minExpected: 0 })).toThrow(RangeError);
    expect(() => detectSpikes([], { ...options, minRatio: 0.5 })).toThrow(RangeError);
  });
});
