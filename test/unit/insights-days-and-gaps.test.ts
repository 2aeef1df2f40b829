// The Insights figures' pure parts added with the staff's time zone and the knowledge gaps: days of
// a zone's calendar and its offsets across a change of the clocks, a date alone at the zone's
// midnight, the chat ratings summed per server, agent and day, and wordings grouped into gaps.

import { describe, expect, it } from 'vitest';
import { chatCsatFigures, customerMixFigures } from '../../src/insights/build-insights.ts';
import { isTimeZone, resolveInsightsRange, zonedDaysOf, zoneOffsetsOver } from '../../src/insights/insights-range.ts';
import { groupKnowledgeGaps } from '../../src/insights/knowledge-gaps.ts';

describe('days of the time zone asked for', () => {
  it('starts a date alone at its midnight in the zone, and keeps a date-time’s own offset', () => {
    const now = new Date('2025-03-20T00:00:00Z');
    expect(resolveInsightsRange({ from: '2025-03-08', to: '2025-03-10' }, now, 'America/New_York')).toEqual({ ok: true, from: new Date('2025-03-08T05:00:00Z'), to: new Date('2025-03-10T04:00:00Z') });
    expect(resolveInsightsRange({ from: '2025-03-08', to: '2025-03-09' }, now, 'Asia/Shanghai')).toEqual({ ok: true, from: new Date('2025-03-07T16:00:00Z'), to: new Date('2025-03-08T16:00:00Z') });
    expect(resolveInsightsRange({ from: '2025-03-08T00:00:00Z', to: '2025-03-09' }, now, 'Asia/Shanghai')).toMatchObject({ from: new Date('2025-03-08T00:00:00Z') });
  });

  it('reads a date alone at midnight UTC when no zone is named, as the API always did', () => {
    const now = new Date('2025-03-20T00:00:00Z');
    expect(resolveInsightsRange({ from: '2025-03-08', to: '2025-03-10' }, now)).toEqual({ ok: true, from: new Date('2025-03-08T00:00:00Z'), to: new Date('2025-03-10T00:00:00Z') });
  });

  it('knows an IANA time zone name from one Intl does not know', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Europe/Berlin', 'america/new_york']) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['', 'Mars/Base', 'New York', '+25:00', 'Asia/Shanghai; DROP']) expect(isTimeZone(zone)).toBe(false);
  });

  it('lists the calendar days a range touches, a day of 23 hours included', () => {
    expect(zonedDaysOf(new Date('2025-03-08T05:00:00Z'), new Date('2025-03-10T04:00:00Z'), 'America/New_York')).toEqual(['2025-03-08', '2025-03-09']);
    expect(zonedDaysOf(new Date('2025-03-08T04:00:00Z'), new Date('2025-03-10T04:00:01Z'), 'America/New_York')).toEqual(['2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10']);
    expect(zonedDaysOf(new Date('2025-03-07T16:00:00Z'), new Date('2025-03-08T16:00:00Z'), 'Asia/Shanghai')).toEqual(['2025-03-08']);
  });

  it('finds each change of the clocks to the minute, and none where there is none', () => {
    expect(zoneOffsetsOver(new Date('2025-03-01T00:00:00Z'), new Date('2025-12-01T00:00:00Z'), 'America/New_York')).toEqual([
      { since: new Date('2025-03-01T00:00:00Z'), minutes: -300 },
      { since: new Date('2025-03-09T07:00:00Z'), minutes: -240 },
      { since: new Date('2025-11-02T06:00:00Z'), minutes: -300 },
    ]);
    expect(zoneOffsetsOver(new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'Asia/Shanghai')).toEqual([{ since: new Date('2025-01-01T00:00:00Z'), minutes: 480 }]);
    expect(zoneOffsetsOver(new Date('2025-01-01T00:00:00Z'), new Date('2025-01-02T00:00:00Z'), 'UTC')).toEqual([{ since: new Date('2025-01-01T00:00:00Z'), minutes: 0 }]);
  });
});

describe('ratings after a chat and the customer mix', () => {
  it('sums the bot, people, each agent and each day of the range', () => {
    const figures = chatCsatFigures({ from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-03T00:00:00Z'), timeZone: 'UTC' }, [
      { day: '2025-06-01', servedBy: 'bot', staffId: null, name: null, responses: 2, scoreSum: 7, satisfied: 1 },
      { day: '2025-06-01', servedBy: 'staff', staffId: 'b', name: 'Ben', responses: 1, scoreSum: 2, satisfied: 0 },
      { day: '2025-06-02', servedBy: 'staff', staffId: 'a', name: 'Ana', responses: 2, scoreSum: 10, satisfied: 2 },
    ]);
    expect(figures).toEqual({
      bot: { responses: 2, average: 3.5, satisfiedShare: 0.5 },
      people: { responses: 3, average: 4, satisfiedShare: 0.6667 },
      byAgent: [
        { staffId: 'a', name: 'Ana', responses: 2, average: 5, satisfiedShare: 1 },
        { staffId: 'b', name: 'Ben', responses: 1, average: 2, satisfiedShare: 0 },
      ],
      byDay: [
        { day: '2025-06-01', bot: { responses: 2, average: 3.5 }, people: { responses: 1, average: 2 } },
        { day: '2025-06-02', bot: { responses: 0, average: null }, people: { responses: 2, average: 5 } },
      ],
    });
  });

  it('lists every tier and stage in order, zero where none, and a value it does not know after them', () => {
    expect(
      customerMixFigures([
        { tier: 'B', stage: 'decline', count: 2 },
        { tier: 'Z', stage: 'stability', count: 1 },
      ]),
    ).toEqual({
      customers: 3,
      byTier: [
        { tier: 'A', count: 0 },
        { tier: 'B', count: 2 },
        { tier: 'C', count: 0 },
        { tier: 'Z', count: 1 },
      ],
      byLifecycle: [
        { stage: 'exploration', count: 0 },
        { stage: 'formation', count: 0 },
        { stage: 'stability', count: 1 },
        { stage: 'decline', count: 2 },
      ],
    });
  });
});

describe('knowledge gaps', () => {
  it('groups wordings with the same keywords in any order, most frequent first, with two examples', () => {
    const gaps = groupKnowledgeGaps([
      { question: 'are you hiring?', example: 'Are you hiring?', count: 3 },
      { question: 'do you sell gift cards', example: 'Do you sell gift cards', count: 2 },
      { question: 'hiring: are you?', example: 'Hiring: are you?', count: 1 },
      { question: 'gift cards, do you sell them?', example: 'Gift cards, do you sell them?', count: 2 },
      { question: 'hiring now?', example: 'Hiring now?', count: 1 },
      { question: '???', example: '???', count: 1 },
    ]);
    // Equal counts: by wording, in code point order.
    expect(gaps.map((g) => [g.question, g.count, g.examples])).toEqual([
      ['are you hiring?', 4, ['Are you hiring?', 'Hiring: are you?']],
      ['do you sell gift cards', 4, ['Do you sell gift cards', 'Gift cards, do you sell them?']],
      ['???', 1, ['???']],
      ['hiring now?', 1, ['Hiring now?']],
    ]);
    expect(gaps[2]!.keywords).toEqual([]);
  });

  it('keeps at most the limit', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ question: `topic${String.fromCharCode(97 + (i % 26))}${i}`, example: `Topic ${i}`, count: 30 - i }));
    expect(groupKnowledgeGaps(many)).toHaveLength(20);
  });
});
