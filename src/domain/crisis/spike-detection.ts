// Spots a burst of similar complaints (seed 002, crisis management: 确认 — confirm a crisis early).
// Each key (a category, a product or a keyword) is compared with its own past: complaints in the
// recent window against the count its baseline rate predicts for a window that long. Pure.
//
// The statistic: complaint arrivals of one key are taken as a Poisson process. Its expected count
// in the window is λ = baselineCount × windowLength ÷ baselineLength, never below `minExpected`
// (a key with no history would otherwise spike on its second complaint). A window count c is a
// spike when c ≥ `minCount`, c ≥ `minRatio` × λ and P(X ≥ c | λ) < `alpha`: so rare under the
// key's normal rate that it would happen by chance about once in 1 / alpha windows, and a real
// multiple of it. The ratio keeps a busy key's daily peak (λ is a round-the-clock average, a peak
// hour runs at two or three times it) from passing the test every day.

import { columnParser } from '../types.ts';

export const SPIKE_DIMENSIONS = ['category', 'product', 'keyword'] as const;
export type SpikeDimension = (typeof SPIKE_DIMENSIONS)[number];
export const parseSpikeDimension = columnParser(SPIKE_DIMENSIONS, 'CrisisSignal.dimension');

export interface KeyCounts {
  dimension: SpikeDimension;
  key: string;
  /** Complaints of this key in the recent window. */
  windowCount: number;
  /** Complaints of this key in the baseline period before the window. */
  baselineCount: number;
}

export interface SpikeOptions {
  windowMs: number;
  baselineMs: number;
  /** Fewest complaints in the window that can make a spike, however quiet the key was. */
  minCount: number;
  /** Smallest expected count used, so a key new to the baseline still needs a real burst. */
  minExpected: number;
  /** Chance under the normal rate below which a window count is a spike. */
  alpha: number;
  /** Fewest times the expected count a window count must be. */
  minRatio: number;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = {
  windowMs: 60 * 60_000,
  baselineMs: 14 * 24 * 60 * 60_000,
  minCount: 5,
  minExpected: 0.5,
  alpha: 0.001,
  minRatio: 3,
};

export interface Spike {
  dimension: SpikeDimension;
  key: string;
  count: number;
  /** The count the key's baseline rate predicts for the window. */
  expected: number;
  /** P(X ≥ count) under that rate: smaller is more surprising. */
  pValue: number;
}

/** The keys whose window count is a spike, most surprising first. */
export function detectSpikes(counts: readonly KeyCounts[], options: SpikeOptions = DEFAULT_SPIKE_OPTIONS): Spike[] {
  assertOptions(options);
  const spikes: Spike[] = [];
  for (const { dimension, key, windowCount, baselineCount } of counts) {
    if (windowCount < options.minCount) continue;
    const expected = Math.max(options.minExpected, (baselineCount * options.windowMs) / options.baselineMs);
    if (windowCount < options.minRatio * expected) continue;
    const pValue = poissonUpperTail(windowCount, expected);
    if (pValue < options.alpha) spikes.push({ dimension, key, count: windowCount, expected, pValue });
  }
  return spikes.sort((a, b) => a.pValue - b.pValue || b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), k ≥ 0. Summed from the mode side that converges: the lower part
 * 1 − P(X ≤ k − 1) loses every digit when the answer is tiny, so for k above λ the upper terms are
 * added directly (each term from the previous one: no factorials, no overflow).
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a whole number ≥ 0, not ${k}`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`λ must be a positive finite number, not ${lambda}`);
  if (k === 0) return 1;
  if (k <= lambda) {
    let term = Math.exp(-lambda);
    let below = term;
    for (let i = 1; i < k; i += 1) {
      term *= lambda / i;
      below += term;
    }
    return Math.min(1, Math.max(0, 1 - below));
  }
  // log P(X = k) = −λ + k ln λ − ln k!
  let term = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
  let sum = 0;
  for (let i = k; term > sum * 1e-17 && i < k + 10_000; i += 1) {
    sum += term;
    term *= lambda / (i + 1);
  }
  return Math.min(1, sum);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i += 1) sum += Math.log(i);
  return sum;
}

function assertOptions(options: SpikeOptions): void {
  const { windowMs, baselineMs, minCount, minExpected, alpha, minRatio } = options;
  if (!(windowMs > 0) || !(baselineMs > 0)) throw new RangeError('the window and the baseline must be longer than zero');
  if (!(minCount >= 1)) throw new RangeError('minCount must be at least 1');
  if (!(minExpected > 0)) throw new RangeError('minExpected must be above zero');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be between 0 and 1');
  if (!(minRatio >= 1)) throw new RangeError('minRatio must be at least 1');
}
