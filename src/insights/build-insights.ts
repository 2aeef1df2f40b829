// Turns the store's tallies into the figures of GET /api/staff/insights: days without
// conversations filled with zeros, shares and averages, percentiles from the ranks fetched.

import type { DayTally, InsightsFilter, InsightsTallies, RankedDurations } from './insights-ports.ts';
import { utcDaysOf } from './insights-range.ts';
import type { Insights } from './insights-schema.ts';
import { MEDIAN, P90, percentileAt, type PercentileFraction } from './percentile.ts';

/** The percentiles the store fetches ranks for. */
export const INSIGHT_PERCENTILES: readonly PercentileFraction[] = [MEDIAN, P90];

export function buildInsights(filter: InsightsFilter, tallies: InsightsTallies): Insights {
  const total = tallies.conversationsByDay.reduce((sum, t) => sum + t.count, 0);
  const handed = tallies.conversationsByDay.reduce((sum, t) => sum + t.handed, 0);
  const { csat, funnel } = tallies;
  return {
    range: {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      ...(filter.channel ? { channel: filter.channel as Insights['range']['channel'] } : {}),
      ...(filter.language ? { language: filter.language } : {}),
    },
    conversations: { total, byDay: fillDays(filter, tallies.conversationsByDay) },
    complaintsByCategory: tallies.complaintsByCategory.map(({ label, count }) => ({ category: label, count })),
    complaintsByProduct: tallies.complaintsByProduct.map(({ label, count }) => ({ product: label, count })),
    funnel: {
      cases: funnel.cases,
      reached: { step1: funnel.reached[0], step2: funnel.reached[1], step3: funnel.reached[2], step4: funnel.reached[3], step5: funnel.reached[4] },
      recorded: funnel.recorded,
      stoppedAt: { step1: funnel.stoppedAt[0], step2: funnel.stoppedAt[1], step3: funnel.stoppedAt[2], step4: funnel.stoppedAt[3] },
    },
    escalationsByReason: tallies.escalationsByReason.map(({ label, count }) => ({ reason: label, count })),
    containmentRate: shareOf(total - handed, total),
    csat: {
      responses: csat.responses,
      average: shareOf(csat.scoreSum, csat.responses),
      satisfiedShare: shareOf(csat.satisfied, csat.responses),
      ratioAverage: shareOf(csat.ratioSum, csat.ratioResponses),
    },
    firstResponseSeconds: durationFigures(tallies.firstResponse),
    resolutionSeconds: durationFigures(tallies.resolution),
  };
}

/**
 * Every UTC day of the range for every channel (the filtered one, else those seen), zero where no
 * conversation started; ordered by day, then channel.
 */
export function fillDays(filter: Pick<InsightsFilter, 'from' | 'to' | 'channel'>, tallies: readonly DayTally[]): { day: string; channel: string; count: number }[] {
  const channels = filter.channel ? [filter.channel] : [...new Set(tallies.map((t) => t.channel))].sort();
  const counts = new Map(tallies.map((t) => [`${t.day} ${t.channel}`, t.count]));
  return utcDaysOf(filter.from, filter.to).flatMap((day) => channels.map((channel) => ({ day, channel, count: counts.get(`${day} ${channel}`) ?? 0 })));
}

/** part ÷ whole to 4 decimals; null when whole is 0 (nothing to divide). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? roundTo(part / whole, 4) : null;
}

/** Median and p90 in seconds, to the millisecond. */
export function durationFigures(durations: RankedDurations): { median: number | null; p90: number | null; count: number } {
  const seconds = (p: PercentileFraction) => {
    const ms = percentileAt(durations.count, p, (rank) => {
      const value = durations.atRank.get(rank);
      if (value === undefined) throw new RangeError(`the store did not fetch rank ${rank} of ${durations.count}`);
      return value;
    });
    return ms === null ? null : Math.round(ms) / 1000;
  };
  return { median: seconds(MEDIAN), p90: seconds(P90), count: durations.count };
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
