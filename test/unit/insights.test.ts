// The insights' pure parts: percentiles from ranks, the date range, days filled with zeros, shares.

import { describe, expect, it } from 'vitest';
import { buildInsights, durationFigures, fillDays, shareOf } from '../../src/insights/build-insights.ts';
import type { InsightsTallies } from '../../src/insights/insights-ports.ts';
import { resolveInsightsRange, utcDaysOf } from '../../src/insights/insights-range.ts';
import { insightsSchema } from '../../src/insights/insights-schema.ts';
import { MEDIAN, P90, percentile, percentileAt, percentileRanks } from '../../src/insights/percentile.ts';

describe('percentiles', () => {
  it('interpolates between the two nearest ranks, as percentile_cont does', () => {
    expect(percentile([1, 2, 3, 4], MEDIAN)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], MEDIAN)).toBe(3);
    // (10 − 1) · 0.9 = 8.1: a tenth of the way from the 9th value to the 10th.
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], P90)).toBeCloseTo(91, 10);
    expect(percentile([7], P90)).toBe(7);
    expect(percentile([], MEDIAN)).toBeNull();
  });

  it('names only the ranks it needs, never past the last value', () => {
    expect(percentileRanks(0, MEDIAN)).toEqual([]);
    expect(percentileRanks(1, MEDIAN)).toEqual([0]);
    expect(percentileRanks(4, MEDIAN)).toEqual([1, 2]);
    expect(percentileRanks(10, P90)).toEqual([8, 9]);
    expect(percentileRanks(11, P90)).toEqual([9, 10]);
  });

  it('gives the same answer from the fetched ranks alone as from every value', () => {
    const sorted = Array.from({ length: 37 }, (_, i) => i * i + 3);
    for (const p of [MEDIAN, P90]) {
      const fetched = new Map(percentileRanks(sorted.length, p).map((rank) => [rank, sorted[rank]!]));
      expect(percentileAt(sorted.length, p, (rank) => fetched.get(rank)!)).toBe(percentile(sorted, p));
    }
  });
});

describe('the insights range', () => {
  const now = new Date('2026-12-06T15:30:00Z');

  it('is the last seven days up to now by default', () => {
    expect(resolveInsightsRange({}, now)).toEqual({ ok: true, from: new Date('2026-11-29T15:30:00Z'), to: now });
  });

  it('reads dates as midnight UTC and date-times with their offset', () => {
    expect(resolveInsightsRange({ from: '2026-12-01', to: '2026-12-03' }, now)).toEqual({ ok: true, from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') });
    expect(resolveInsightsRange({ from: '2026-12-01T08:00:00+08:00' }, now)).toEqual({ ok: true, from: new Date('2026-12-01T00:00:00Z'), to: now });
    expect(resolveInsightsRange({ to: '2026-12-03' }, now)).toEqual({ ok: true, from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') });
  });

  it('refuses a range that ends before it starts, or is empty, saying why', () => {
    expect(resolveInsightsRange({ from: '2026-12-05', to: '2026-12-01' }, now)).toEqual({ ok: false, message: expect.stringContaining('must be before to') });
    expect(resolveInsightsRange({ from: '2026-12-05', to: '2026-12-05' }, now)).toMatchObject({ ok: false });
  });

  it('allows 366 days and refuses longer', () => {
    expect(resolveInsightsRange({ from: '2025-12-01', to: '2026-12-02' }, now)).toMatchObject({ ok: true });
    expect(resolveInsightsRange({ from: '2025-12-01', to: '2026-12-03' }, now)).toEqual({ ok: false, message: expect.stringContaining('at most 366 days') });
  });

  it('lists the UTC days it touches, stopping before an exclusive midnight end', () => {
    expect(utcDaysOf(new Date('2026-12-01T22:00:00Z'), new Date('2026-12-03T00:00:00Z'))).toEqual(['2026-12-01', '2026-12-02']);
    expect(utcDaysOf(new Date('2026-12-01T22:00:00Z'), new Date('2026-12-03T00:00:01Z'))).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(utcDaysOf(new Date('2026-12-01T10:00:00Z'), new Date('2026-12-01T11:00:00Z'))).toEqual(['2026-12-01']);
  });
});

describe('building the figures', () => {
  const range = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-04T00:00:00Z') };

  it('fills every day with every channel seen, zero where none started', () => {
    const tallies = [
      { day: '2026-12-02', channel: 'webchat', count: 3, handed: 1 },
      { day: '2026-12-01', channel: 'telegram', count: 2, handed: 0 },
    ];
    expect(fillDays(range, tallies)).toEqual([
      { day: '2026-12-01', channel: 'telegram', count: 2 },
      { day: '2026-12-01', channel: 'webchat', count: 0 },
      { day: '2026-12-02', channel: 'telegram', count: 0 },
      { day: '2026-12-02', channel: 'webchat', count: 3 },
      { day: '2026-12-03', channel: 'telegram', count: 0 },
      { day: '2026-12-03', channel: 'webchat', count: 0 },
    ]);
    expect(fillDays({ ...range, channel: 'botframework' }, [])).toEqual(['2026-12-01', '2026-12-02', '2026-12-03'].map((day) => ({ day, channel: 'botframework', count: 0 })));
  });

  it('gives shares to four decimals, and none of nothing', () => {
    expect(shareOf(2, 3)).toBe(0.6667);
    expect(shareOf(0, 0)).toBeNull();
  });

  it('turns fetched ranks in milliseconds into seconds', () => {
    expect(
      durationFigures({
        count: 4,
        atRank: new Map([
          [1, 2000],
          [2, 3001],
          [3, 10_000],
        ]),
      }),
    ).toEqual({ median: 2.501, p90: 7.9, count: 4 });
    expect(durationFigures({ count: 0, atRank: new Map() })).toEqual({ median: null, p90: null, count: 0 });
  });

  it('puts the tallies together in the documented shape', () => {
    const tallies: InsightsTallies = {
      conversationsByDay: [{ day: '2026-12-01', channel: 'webchat', count: 4, handed: 1 }],
      complaintsByCategory: [{ label: 'delivery', count: 2 }],
      complaintsByProduct: [{ label: 'kettle', count: 1 }],
      funnel: { cases: 2, reached: [2, 2, 1, 1, 0], recorded: 1, stoppedAt: [0, 1, 0, 0] },
      escalationsByReason: [{ label: 'asked_for_person', count: 1 }],
      surveys: [
        { day: '2026-12-01', people: false, responses: 1, scoreSum: 5, satisfied: 1, ratioResponses: 1, ratioSum: 1.2 },
        { day: '2026-12-03', people: true, responses: 1, scoreSum: 4, satisfied: 0, ratioResponses: 1, ratioSum: 0.7 },
      ],
      firstResponse: { count: 1, atRank: new Map([[0, 90_000]]) },
      resolution: { count: 0, atRank: new Map() },
      chatRatings: [{ day: '2026-12-02', servedBy: 'staff', staffId: 's1', name: 'Ana', responses: 2, scoreSum: 9, satisfied: 2 }],
      customerMix: [{ tier: 'A', stage: 'stability', count: 1 }],
      unansweredQuestions: [{ question: 'are you hiring?', example: 'Are you hiring?', count: 2 }],
    };
    const figures = buildInsights({ ...range, language: 'zh' }, tallies);
    expect(insightsSchema.parse(figures)).toEqual(figures);
    expect(figures).toMatchObject({
      range: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z', language: 'zh' },
      conversations: { total: 4 },
      complaintsByCategory: [{ category: 'delivery', count: 2 }],
      complaintsByProduct: [{ product: 'kettle', count: 1 }],
      funnel: { cases: 2, reached: { step1: 2, step2: 2, step3: 1, step4: 1, step5: 0 }, recorded: 1, stoppedAt: { step1: 0, step2: 1, step3: 0, step4: 0 } },
      escalationsByReason: [{ reason: 'asked_for_person', count: 1 }],
      containmentRate: 0.75,
      csat: {
        responses: 2,
        average: 4.5,
        satisfiedShare: 0.5,
        ratioAverage: 0.95,
        bot: { responses: 1, average: 5, satisfiedShare: 1, ratioAverage: 1.2 },
        people: { responses: 1, average: 4, satisfiedShare: 0, ratioAverage: 0.7 },
        byDay: [
          { day: '2026-12-01', responses: 1, average: 5, ratioAverage: 1.2 },
          { day: '2026-12-02', responses: 0, average: null, ratioAverage: null },
          { day: '2026-12-03', responses: 1, average: 4, ratioAverage: 0.7 },
        ],
      },
      firstResponseSeconds: { median: 90, p90: 90, count: 1 },
      resolutionSeconds: { median: null, p90: null, count: 0 },
    });
    expect(figures.conversations.byDay).toHaveLength(3);
  });
});
