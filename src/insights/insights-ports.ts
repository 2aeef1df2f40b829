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
  /** The IANA zone whose calendar days the per-day figures count (the request's; the Insights page asks for STAFF_TIMEZONE); UTC when absent. */
  timeZone?: string;
}

export interface DayTally {
  /** Day of the filter's time zone, YYYY-MM-DD. */
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

/** Revisit surveys answered on one day (of the filter's zone), of complaints people had a part in or not. */
export interface SurveyTally extends CsatTally {
  day: string;
  /** The complaint's conversation was queued for or held by a person. */
  people: boolean;
}

/** Durations in milliseconds: how many there are, and the values at the ranks the percentiles asked for. */
export interface RankedDurations {
  count: number;
  /** 0-based rank in ascending order → milliseconds. */
  atRank: ReadonlyMap<number, number>;
}

/** Chat ratings (ChatRating rows answered in the range) of one day, one server: the bot, or one staff member. */
export interface ChatRatingTally {
  /** Day of the filter's time zone the rating was answered, YYYY-MM-DD. */
  day: string;
  servedBy: 'bot' | 'staff';
  /** The staff member who served; null for the bot (or a staff rating without one on record). */
  staffId: string | null;
  /** The staff member's name, when the account still exists. */
  name: string | null;
  responses: number;
  scoreSum: number;
  /** Ratings of 4 or 5. */
  satisfied: number;
}

/** Customers of one tier and lifecycle stage (as their cards say now). */
export interface CustomerMixTally {
  tier: string;
  stage: string;
  count: number;
}

/** One question the bot could not answer, normalised (trimmed, lower case), with how often and one wording as stored. */
export interface QuestionTally {
  question: string;
  example: string;
  count: number;
}

export interface InsightsTallies {
  conversationsByDay: DayTally[];
  complaintsByCategory: LabelCount[];
  complaintsByProduct: LabelCount[];
  funnel: FunnelTally;
  escalationsByReason: LabelCount[];
  surveys: SurveyTally[];
  firstResponse: RankedDurations;
  resolution: RankedDurations;
  chatRatings: ChatRatingTally[];
  customerMix: CustomerMixTally[];
  /** The most frequent first (at most UNANSWERED_FETCHED), for the knowledge gaps. */
  unansweredQuestions: QuestionTally[];
}

export interface InsightsStore {
  /** The tallies of the filter's range; the durations carry the values at the ranks `percentiles` need. */
  tallies(filter: InsightsFilter, percentiles: readonly PercentileFraction[]): Promise<InsightsTallies>;
}
