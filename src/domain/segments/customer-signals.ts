// What the segments are computed from: one customer's order figures, contacts and latest revisit
// survey, as of one moment; and the time windows those figures are counted in.

import type { SegmentRules } from './segment-rules.ts';

export const DAY_MS = 24 * 60 * 60_000;

export interface CustomerSignals {
  /** Purchase value of the trailing 12 months (orders neither cancelled nor refunded), minor units. */
  valueCents: number;
  /** Orders ever (neither cancelled nor refunded). */
  ordersEver: number;
  ordersLast12Months: number;
  /** Of the four quarters of the trailing 12 months, how many had an order. */
  activeQuarters: number;
  /** Orders in the last lifecycle.decline.volumeWindowDays, and in as many days before those. */
  ordersRecentWindow: number;
  ordersPreviousWindow: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  lastContactAt: Date | null;
  /** When the card was created. */
  customerSince: Date;
  /** The latest revisit survey (satisfaction asked after a commitment was carried out). */
  latestSurvey: { satisfied: boolean; at: Date } | null;
}

/** The boundaries the figures are counted within; `quarterStarts` are the starts of the four quarters, oldest first. */
export interface SignalWindows {
  now: Date;
  trailingStart: Date;
  quarterStarts: [Date, Date, Date, Date];
  recentStart: Date;
  previousStart: Date;
}

export function signalWindows(now: Date, rules: SegmentRules): SignalWindows {
  const monthsBefore = (months: number) => {
    const at = new Date(now);
    at.setUTCMonth(at.getUTCMonth() - months);
    return at;
  };
  const windowMs = rules.lifecycle.decline.volumeWindowDays * DAY_MS;
  return {
    now,
    trailingStart: monthsBefore(12),
    quarterStarts: [monthsBefore(12), monthsBefore(9), monthsBefore(6), monthsBefore(3)],
    recentStart: new Date(now.getTime() - windowMs),
    previousStart: new Date(now.getTime() - 2 * windowMs),
  };
}

/** Whole days from `from` to `now`. */
export function daysSince(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / DAY_MS);
}

/** The latest revisit was unsatisfied and the customer has not ordered since (seed 004: 不满意 → 不会重复购买). */
export function unsatisfiedSinceLastOrder(signals: CustomerSignals): boolean {
  const survey = signals.latestSurvey;
  if (!survey || survey.satisfied) return false;
  return signals.lastOrderAt === null || signals.lastOrderAt.getTime() <= survey.at.getTime();
}
