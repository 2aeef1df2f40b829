// ABC tier by trailing-12-month purchase value (seeds 000 and 004: A few customers buying much,
// C many buying little, B between). Pareto by default: sorted by value, the customers who together
// make the first aPercent of revenue are A, the next bPercent B, the rest C. Customers with equal
// value always share a tier (the tier of where their group starts), so the order of a tie never
// matters; customers who bought nothing are C. Or fixed thresholds in the currency's major units.

import type { Tier } from '../types.ts';
import { explainMoney, type Explained } from './segment-reason.ts';
import type { TierRules } from './segment-rules.ts';

/** The lowest value of A and of B: the whole distribution reduced to two numbers. */
export interface TierThresholds {
  method: TierRules['method'];
  /** Infinity when nobody is A (no revenue at all). */
  aMinCents: number;
  /** Equal to aMinCents when nobody is B. */
  bMinCents: number;
  aPercent: number;
  bPercent: number;
}

export interface TierVerdict extends Explained {
  tier: Tier;
}

/** The thresholds for these customers' values (minor units; one entry per customer, zeros included). */
export function tierThresholds(valuesCents: readonly number[], rules: TierRules): TierThresholds {
  const { aPercent, bPercent } = rules.pareto;
  if (rules.method === 'fixed' && rules.fixed) {
    return { method: 'fixed', aMinCents: Math.round(rules.fixed.aMinAmount * 100), bMinCents: Math.round(rules.fixed.bMinAmount * 100), aPercent, bPercent };
  }
  const positive = valuesCents.filter((v) => v > 0).sort((a, b) => b - a);
  const total = positive.reduce((sum, v) => sum + v, 0);
  let aMinCents = Infinity;
  let bMinCents = Infinity;
  let before = 0;
  for (let i = 0; i < positive.length;) {
    const value = positive[i]!;
    // A tie group takes the tier of the share made before it.
    const share = (before / total) * 100;
    if (share < aPercent) aMinCents = value;
    else if (share < aPercent + bPercent) bMinCents = value;
    else break;
    for (; i < positive.length && positive[i] === value; i++) before += value;
  }
  return { method: 'pareto', aMinCents, bMinCents: Math.min(bMinCents, aMinCents), aPercent, bPercent };
}

type TierRule = 'no_purchases' | 'pareto_top' | 'pareto_middle' | 'pareto_rest' | 'fixed_a' | 'fixed_b' | 'fixed_c';
/** The thresholds each rule's sentence names: only those are formatted (every customer is worded). */
const THRESHOLDS_NAMED: Record<TierRule, ('aMin' | 'bMin')[]> = {
  no_purchases: [],
  pareto_top: ['aMin'],
  pareto_middle: ['bMin'],
  pareto_rest: [],
  fixed_a: ['aMin'],
  fixed_b: ['aMin', 'bMin'],
  fixed_c: ['bMin'],
};

export function assignTier(valueCents: number, thresholds: TierThresholds, currency: string): TierVerdict {
  const { aMinCents, bMinCents, aPercent, bPercent } = thresholds;
  const verdict = (tier: Tier, rule: TierRule): TierVerdict => {
    const money: Record<string, number> = { value: Math.max(valueCents, 0) };
    for (const name of THRESHOLDS_NAMED[rule]) {
      const cents = name === 'aMin' ? aMinCents : bMinCents;
      if (Number.isFinite(cents)) money[name] = cents;
    }
    return { tier, ...explainMoney(rule, money, currency, { aPercent, bPercent, cPercent: round(100 - aPercent - bPercent) }) };
  };
  if (valueCents <= 0) return verdict('C', 'no_purchases');
  const tier: Tier = valueCents >= aMinCents ? 'A' : valueCents >= bMinCents ? 'B' : 'C';
  if (thresholds.method === 'fixed') return verdict(tier, tier === 'A' ? 'fixed_a' : tier === 'B' ? 'fixed_b' : 'fixed_c');
  return verdict(tier, tier === 'A' ? 'pareto_top' : tier === 'B' ? 'pareto_middle' : 'pareto_rest');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
