// What the insights need from the store (implemented in src/store/insights-store.ts): the raw
// tallies of one time range, counted by SQL aggregates. build-insights.ts turns them into figures.

import type { Language } from '../domain/types.ts';
import type { PercentileFraction } from './percentile.ts';

export interface InsightsFilter {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  channel?: string;
  language?: Language;
}

export interface DayTally {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  channel: string;
  /** Conversations started that day on that channel. */
  count: number;
  /** Of them, handed to a person (see HANDED_TO_A_PERSON in the store). */
  handed: number;
}

export interface LabelCount {
  label: string;
  count: number;
}

/** Steps 1–5, index 0 is step 1. */
export type FiveCounts = [number, number, number, number, number];
/** Steps 1–4, index 0 is step 1. */
export type FourCounts = [number, number, number, number];

export interface FunnelTally {
  cases: number;
  /** Cases whose furthest step is at least 1, 2, … 5. */
  reached: FiveCounts;
  /** Cases with at least one recorded commitment. */
  recorded: number;
  /** Cases closed or escalated at step 1, 2, 3, 4 (never reaching step 5). */
  stoppedAt: FourCounts;
}

export interface CsatTally {
  responses: number;
  scoreSum: number;
  satisfied: number;
  /** Surveys with a ratio (perceived ÷ expected), and the sum of those ratios. */
  ratioResponses: number;
  ratioSum: number;
}

/** Durations in milliseconds: how many there are, and the values at the ranks the percentiles asked for. */
export interface RankedDurations {
  count: number;
  /** 0-based rank in ascending order → milliseconds. */
  atRank: ReadonlyMap<number, number>;
}

export interface InsightsTallies {
  conversationsByDay: DayTally[];
  complaintsByCategory: LabelCount[];
  complaintsByProduct: LabelCount[];
  funnel: FunnelTally;
  escalationsByReason: LabelCount[];
  csat: CsatTally;
  firstResponse: RankedDurations;
  resolution: RankedDurations;
}

export interface InsightsStore {
  /** The tallies of the filter's range; the durations carry the values at the ranks `percentiles` need. */
  tallies(filter: InsightsFilter, percentiles: readonly PercentileFraction[]): Promise<InsightsTallies>;
}
