// Turns the store's tallies into the figures of GET /api/staff/insights: days without
// conversations filled with zeros, shares and averages, percentiles from the ranks fetched.

import { LIFECYCLE_STAGES, TIERS } from '../domain/customer/card-vocabulary.ts';
import type { ChatRatingTally, CsatTally, CustomerMixTally, DayTally, InsightsFilter, InsightsTallies, RankedDurations, SurveyTally } from './insights-ports.ts';
import { zonedDaysOf } from './insights-range.ts';
import type { Insights } from './insights-schema.ts';
import { groupKnowledgeGaps } from './knowledge-gaps.ts';
import { MEDIAN, P90, percentileAt, type PercentileFraction } from './percentile.ts';

/** The percentiles the store fetches ranks for. */
export const INSIGHT_PERCENTILES: readonly PercentileFraction[] = [MEDIAN, P90];

export function buildInsights(filter: InsightsFilter, tallies: InsightsTallies): Insights {
  const total = tallies.conversationsByDay.reduce((sum, t) => sum + t.count, 0);
  const handed = tallies.conversationsByDay.reduce((sum, t) => sum + t.handed, 0);
  const { funnel } = tallies;
  return {
    range: {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      timeZone: filter.timeZone ?? 'UTC',
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
    csat: surveyFigures(filter, tallies.surveys),
    firstResponseSeconds: durationFigures(tallies.firstResponse),
    resolutionSeconds: durationFigures(tallies.resolution),
    chatCsat: chatCsatFigures(filter, tallies.chatRatings),
    customerMix: customerMixFigures(tallies.customerMix),
    knowledgeGaps: groupKnowledgeGaps(tallies.unansweredQuestions),
  };
}

const noSurveys = (): CsatTally => ({ responses: 0, scoreSum: 0, satisfied: 0, ratioResponses: 0, ratioSum: 0 });

function addSurveys(sums: CsatTally, tally: CsatTally): void {
  sums.responses += tally.responses;
  sums.scoreSum += tally.scoreSum;
  sums.satisfied += tally.satisfied;
  sums.ratioResponses += tally.ratioResponses;
  sums.ratioSum += tally.ratioSum;
}

const csatOf = (sums: CsatTally) => ({
  responses: sums.responses,
  average: shareOf(sums.scoreSum, sums.responses),
  satisfiedShare: shareOf(sums.satisfied, sums.responses),
  ratioAverage: shareOf(sums.ratioSum, sums.ratioResponses),
});

/** The revisit surveys' tallies (per day, people or not) summed: in all, the bot and people apart, and each day of the range. */
export function surveyFigures(filter: Pick<InsightsFilter, 'from' | 'to' | 'timeZone'>, tallies: readonly SurveyTally[]): Insights['csat'] {
  const all = noSurveys();
  const bot = noSurveys();
  const people = noSurveys();
  const days = new Map<string, CsatTally>();
  for (const tally of tallies) {
    addSurveys(all, tally);
    addSurveys(tally.people ? people : bot, tally);
    const day = days.get(tally.day) ?? noSurveys();
    addSurveys(day, tally);
    days.set(tally.day, day);
  }
  return {
    ...csatOf(all),
    bot: csatOf(bot),
    people: csatOf(people),
    byDay: zonedDaysOf(filter.from, filter.to, filter.timeZone ?? 'UTC').map((day) => {
      const { responses, average, ratioAverage } = csatOf(days.get(day) ?? noSurveys());
      return { day, responses, average, ratioAverage };
    }),
  };
}

interface RatingSums {
  responses: number;
  scoreSum: number;
  satisfied: number;
}

const noRatings = (): RatingSums => ({ responses: 0, scoreSum: 0, satisfied: 0 });

function addRatings(sums: RatingSums, tally: ChatRatingTally): void {
  sums.responses += tally.responses;
  sums.scoreSum += tally.scoreSum;
  sums.satisfied += tally.satisfied;
}

const ratingFigures = (sums: RatingSums) => ({ responses: sums.responses, average: shareOf(sums.scoreSum, sums.responses), satisfiedShare: shareOf(sums.satisfied, sums.responses) });

/** The chat ratings' tallies (per day and server) summed for the bot, people, each agent and each day of the range. */
export function chatCsatFigures(filter: Pick<InsightsFilter, 'from' | 'to' | 'timeZone'>, tallies: readonly ChatRatingTally[]): Insights['chatCsat'] {
  const bot = noRatings();
  const people = noRatings();
  const agents = new Map<string, RatingSums & { name: string | null }>();
  const days = new Map<string, { bot: RatingSums; people: RatingSums }>();
  for (const tally of tallies) {
    const byBot = tally.servedBy === 'bot';
    addRatings(byBot ? bot : people, tally);
    let day = days.get(tally.day);
    if (!day) days.set(tally.day, (day = { bot: noRatings(), people: noRatings() }));
    addRatings(byBot ? day.bot : day.people, tally);
    if (!byBot && tally.staffId) {
      let agent = agents.get(tally.staffId);
      if (!agent) agents.set(tally.staffId, (agent = { ...noRatings(), name: tally.name }));
      addRatings(agent, tally);
    }
  }
  const dayFigures = (sums: RatingSums) => ({ responses: sums.responses, average: shareOf(sums.scoreSum, sums.responses) });
  return {
    bot: ratingFigures(bot),
    people: ratingFigures(people),
    byAgent: [...agents]
      .map(([staffId, sums]) => ({ staffId, name: sums.name, ...ratingFigures(sums) }))
      .sort((a, b) => b.responses - a.responses || (a.name ?? '').localeCompare(b.name ?? '') || a.staffId.localeCompare(b.staffId)),
    byDay: zonedDaysOf(filter.from, filter.to, filter.timeZone ?? 'UTC').map((day) => {
      const sums = days.get(day) ?? { bot: noRatings(), people: noRatings() };
      return { day, bot: dayFigures(sums.bot), people: dayFigures(sums.people) };
    }),
  };
}

/** Customers per tier and per lifecycle stage, every known one in the vocabulary's order (zero where none), any other value after them. */
export function customerMixFigures(tallies: readonly CustomerMixTally[]): Insights['customerMix'] {
  const tiers = new Map<string, number>(TIERS.map((tier) => [tier, 0]));
  const stages = new Map<string, number>(LIFECYCLE_STAGES.map((stage) => [stage, 0]));
  let customers = 0;
  for (const { tier, stage, count } of tallies) {
    customers += count;
    tiers.set(tier, (tiers.get(tier) ?? 0) + count);
    stages.set(stage, (stages.get(stage) ?? 0) + count);
  }
  return {
    customers,
    byTier: [...tiers].map(([tier, count]) => ({ tier, count })),
    byLifecycle: [...stages].map(([stage, count]) => ({ stage, count })),
  };
}

/**
 * Every day (of the filter's time zone) of the range for every channel (the filtered one, else
 * those seen), zero where no conversation started; ordered by day, then channel.
 */
export function fillDays(filter: Pick<InsightsFilter, 'from' | 'to' | 'channel' | 'timeZone'>, tallies: readonly DayTally[]): { day: string; channel: string; count: number }[] {
  const channels = filter.channel ? [filter.channel] : [...new Set(tallies.map((t) => t.channel))].sort();
  const counts = new Map(tallies.map((t) => [`${t.day} ${t.channel}`, t.count]));
  return zonedDaysOf(filter.from, filter.to, filter.timeZone ?? 'UTC').flatMap((day) => channels.map((channel) => ({ day, channel, count: counts.get(`${day} ${channel}`) ?? 0 })));
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
