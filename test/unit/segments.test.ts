// The computed segments as pure functions: ABC tier (Pareto and fixed), lifecycle in both
// directions, loyalty, what a recomputation writes (a pinned tier stays), and the rules file.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadSegmentRules } from '../../src/content/load-segment-rules.ts';
import { assignTier, tierThresholds } from '../../src/domain/segments/abc-tier.ts';
import { DAY_MS, signalWindows, type CustomerSignals } from '../../src/domain/segments/customer-signals.ts';
import { lifecycleStage } from '../../src/domain/segments/lifecycle.ts';
import { loyaltyType } from '../../src/domain/segments/loyalty.ts';
import { encodeReason, parseStoredReason } from '../../src/domain/segments/segment-reason.ts';
import { segmentRulesSchema, type SegmentRules } from '../../src/domain/segments/segment-rules.ts';
import { settleSegments } from '../../src/domain/segments/settle-segments.ts';

const shipped = parseYaml(readFileSync('config/segments.yaml', 'utf8')) as Record<string, unknown>;
const rules: SegmentRules = segmentRulesSchema.parse(shipped);
const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

/** A customer of 400 days with nothing happening, unless told otherwise. */
function signals(overrides: Partial<CustomerSignals> = {}): CustomerSignals {
  return {
    valueCents: 0,
    ordersEver: 0,
    ordersLast12Months: 0,
    activeQuarters: 0,
    ordersRecentWindow: 0,
    ordersPreviousWindow: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    lastContactAt: daysAgo(10),
    customerSince: daysAgo(400),
    latestSurvey: null,
    ...overrides,
  };
}

/** A customer who buys every quarter: 4 orders in the last 12 months, for over a year. */
const regular = (overrides: Partial<CustomerSignals> = {}) =>
  signals({
    valueCents: 400_00,
    ordersEver: 6,
    ordersLast12Months: 4,
    activeQuarters: 4,
    ordersRecentWindow: 2,
    ordersPreviousWindow: 2,
    firstOrderAt: daysAgo(500),
    lastOrderAt: daysAgo(20),
    ...overrides,
  });

describe('ABC tier (Pareto over trailing-12-month value)', () => {
  const tierOf = (values: number[]) => {
    const thresholds = tierThresholds(values, rules.tier);
    return values.map((v) => assignTier(v, thresholds, 'CNY').tier);
  };

  it('makes A the customers of the first 80 % of revenue, B the next 15 %, C the rest', () => {
    // 10,000 in all: 5,000 + 3,000 make 80 %; 1,000 and 500 reach 95 %.
    expect(tierOf([5000_00, 3000_00, 1000_00, 500_00, 300_00, 200_00])).toEqual(['A', 'A', 'B', 'B', 'C', 'C']);
  });

  it('gives customers with equal value the same tier, whatever their order', () => {
    expect(tierOf([60_00, 20_00, 20_00])).toEqual(['A', 'A', 'A']);
    expect(tierOf([100_00, 100_00, 100_00, 100_00])).toEqual(['A', 'A', 'A', 'A']);
    const values = [700_00, 100_00, 100_00, 50_00, 50_00];
    expect(tierThresholds([...values].reverse(), rules.tier)).toEqual(tierThresholds(values, rules.tier));
  });

  it('makes a customer who bought nothing C, and nobody A when nobody bought', () => {
    const thresholds = tierThresholds([0, 0, 1000_00], rules.tier);
    expect(assignTier(0, thresholds, 'CNY')).toMatchObject({ tier: 'C', rule: 'no_purchases' });
    expect(assignTier(1000_00, thresholds, 'CNY')).toMatchObject({ tier: 'A', rule: 'pareto_top' });
    const none = tierThresholds([0, 0], rules.tier);
    expect(none.aMinCents).toBe(Infinity);
    expect(assignTier(0, none, 'CNY')).toMatchObject({ tier: 'C', rule: 'no_purchases', reason: { en: expect.stringContaining('No purchases') } });
    expect(tierOf([])).toEqual([]);
  });

  it('says why in both languages, with the amounts and the shares', () => {
    const thresholds = tierThresholds([12_300_00, 1_000_00, 500_00, 100_00], rules.tier);
    const a = assignTier(12_300_00, thresholds, 'CNY');
    expect(a).toMatchObject({ tier: 'A', rule: 'pareto_top' });
    expect(a.reason.zh).toContain('¥12,300.00');
    expect(a.reason.zh).toContain('前 80%');
    expect(a.reason.en).toContain('first 80% of revenue');
    expect(assignTier(1_000_00, thresholds, 'CNY')).toMatchObject({ tier: 'B', rule: 'pareto_middle', reason: { en: expect.stringContaining('next 15%') } });
    expect(assignTier(100_00, thresholds, 'CNY')).toMatchObject({ tier: 'C', rule: 'pareto_rest', reason: { zh: expect.stringContaining('最后 5%') } });
  });

  it('uses fixed thresholds (major units, inclusive) when the rules say so', () => {
    const fixed = segmentRulesSchema.parse({ ...shipped, tier: { ...(shipped.tier as object), method: 'fixed' } }).tier;
    const thresholds = tierThresholds([1, 2, 3], fixed);
    expect(thresholds).toMatchObject({ method: 'fixed', aMinCents: 10_000_00, bMinCents: 1_000_00 });
    expect(assignTier(10_000_00, thresholds, 'CNY')).toMatchObject({ tier: 'A', rule: 'fixed_a' });
    expect(assignTier(9_999_99, thresholds, 'CNY')).toMatchObject({ tier: 'B', rule: 'fixed_b' });
    expect(assignTier(999_99, thresholds, 'CNY')).toMatchObject({ tier: 'C', rule: 'fixed_c' });
    expect(assignTier(0, thresholds, 'CNY')).toMatchObject({ tier: 'C', rule: 'no_purchases' });
  });
});

describe('lifecycle stage', () => {
  const stage = (s: CustomerSignals, previous?: string) => lifecycleStage(s, rules.lifecycle, now, previous);

  it('starts in exploration, moves to formation with repeat orders, and to stability with regular ones over a year', () => {
    expect(stage(signals())).toMatchObject({ stage: 'exploration', rule: 'no_orders_yet' });
    expect(stage(signals({ ordersEver: 1, ordersLast12Months: 1, activeQuarters: 1, ordersRecentWindow: 1, firstOrderAt: daysAgo(30), lastOrderAt: daysAgo(30) }))).toMatchObject({
      stage: 'exploration',
      rule: 'first_orders',
    });
    expect(stage(signals({ ordersEver: 2, ordersLast12Months: 2, activeQuarters: 1, ordersRecentWindow: 2, firstOrderAt: daysAgo(40), lastOrderAt: daysAgo(5) }))).toMatchObject({
      stage: 'formation',
      rule: 'repeat_orders',
      reason: { zh: expect.stringContaining('下单 2 次'), en: expect.stringContaining('2 orders') },
    });
    expect(stage(regular())).toMatchObject({ stage: 'stability', rule: 'stable_regular_orders' });
    // Regular, but not a customer for a year yet: still forming.
    expect(stage(regular({ firstOrderAt: daysAgo(300) }))).toMatchObject({ stage: 'formation' });
  });

  it('declines after a long silence, from any stage', () => {
    expect(stage(regular({ lastOrderAt: daysAgo(200), lastContactAt: daysAgo(190), ordersRecentWindow: 0 }))).toMatchObject({
      stage: 'decline',
      rule: 'long_silence',
      reason: { en: expect.stringContaining('190 days') },
    });
    expect(stage(signals({ lastContactAt: null, customerSince: daysAgo(181) }))).toMatchObject({ stage: 'decline', rule: 'long_silence' });
    // A contact (a chat, a call) is not silence.
    expect(stage(signals({ lastContactAt: daysAgo(3), customerSince: daysAgo(900) }))).toMatchObject({ stage: 'exploration' });
  });

  it('declines when orders stop for a year or fall to half', () => {
    expect(stage(signals({ ordersEver: 3, firstOrderAt: daysAgo(700), lastOrderAt: daysAgo(400) }))).toMatchObject({ stage: 'decline', rule: 'lapsed' });
    expect(stage(regular({ ordersRecentWindow: 1, ordersPreviousWindow: 3 }))).toMatchObject({
      stage: 'decline',
      rule: 'falling_volume',
      reason: { en: '1 orders in the last 180 days against 3 in the 180 days before: order volume is falling' },
    });
    expect(stage(regular({ ordersRecentWindow: 2, ordersPreviousWindow: 3 }))).toMatchObject({ stage: 'stability' });
  });

  it('declines after an unsatisfied revisit until the customer orders again or it is long past', () => {
    const unhappy = { satisfied: false, at: daysAgo(10) };
    expect(stage(regular({ latestSurvey: unhappy }))).toMatchObject({ stage: 'decline', rule: 'unsatisfied_revisit', reason: { en: expect.stringContaining('2026-11-21') } });
    expect(stage(regular({ latestSurvey: unhappy, lastOrderAt: daysAgo(2) }))).toMatchObject({ stage: 'stability' });
    expect(stage(regular({ latestSurvey: { satisfied: false, at: daysAgo(181) }, lastOrderAt: daysAgo(200) }))).toMatchObject({ stage: 'stability' });
    expect(stage(regular({ latestSurvey: { satisfied: true, at: daysAgo(10) } }))).toMatchObject({ stage: 'stability' });
  });

  it('moves back up when the signals recover, and says so', () => {
    const back = stage(regular(), 'decline');
    expect(back).toMatchObject({ stage: 'stability', recovered: true, rule: 'stable_regular_orders' });
    expect(back.reason.en).toMatch(/^Signals recovered: 4 orders/);
    expect(back.reason.zh).toMatch(/^信号已恢复：/);
    expect(stage(regular(), 'formation')).toMatchObject({ stage: 'stability', recovered: false });
  });
});

describe('loyalty type', () => {
  const loyalty = (s: CustomerSignals) => loyaltyType(s, rules.loyalty, now);

  it('is none without orders, after one purchase, or when too new to judge', () => {
    expect(loyalty(signals())).toMatchObject({ loyalty: 'none', rule: 'no_orders' });
    expect(loyalty(signals({ ordersEver: 1, ordersLast12Months: 1, activeQuarters: 1, firstOrderAt: daysAgo(300), lastOrderAt: daysAgo(300) }))).toMatchObject({
      loyalty: 'none',
      rule: 'single_purchase',
    });
    expect(loyalty(signals({ ordersEver: 2, ordersLast12Months: 2, activeQuarters: 1, firstOrderAt: daysAgo(30), lastOrderAt: daysAgo(3) }))).toMatchObject({ loyalty: 'none', rule: 'too_new' });
  });

  it('is loyal with repeat purchases in most quarters and no unsatisfied revisit', () => {
    expect(loyalty(regular())).toMatchObject({ loyalty: 'loyal', rule: 'regular_repeat', reason: { en: expect.stringContaining('4 of 4 quarters') } });
    expect(loyalty(regular({ ordersLast12Months: 3, activeQuarters: 3 }))).toMatchObject({ loyalty: 'loyal' });
  });

  it('is switching when a repeat customer buys now and then, or was left unsatisfied and stopped', () => {
    expect(loyalty(regular({ ordersLast12Months: 2, activeQuarters: 2 }))).toMatchObject({ loyalty: 'switching', rule: 'irregular_repeat' });
    expect(loyalty(regular({ latestSurvey: { satisfied: false, at: daysAgo(5) } }))).toMatchObject({ loyalty: 'switching', rule: 'unsatisfied_repeat' });
    // Ordering again after the unsatisfied revisit: the regular buyer is loyal again.
    expect(loyalty(regular({ latestSurvey: { satisfied: false, at: daysAgo(30) }, lastOrderAt: daysAgo(3) }))).toMatchObject({ loyalty: 'loyal' });
  });
});

describe('settling a recomputation against the card', () => {
  const verdicts = (s: CustomerSignals, values: number[]) => ({
    tier: assignTier(s.valueCents, tierThresholds(values, rules.tier), 'CNY'),
    lifecycle: lifecycleStage(s, rules.lifecycle, now),
    loyalty: loyaltyType(s, rules.loyalty, now),
  });
  const card = { tier: 'C', tierPinned: false, lifecycleStage: 'exploration', loyalty: 'none', keyAccountManagerId: null };

  it('records one change per changed value, with the rule that fired', () => {
    const settled = settleSegments(card, verdicts(regular(), [400_00, 10_00]));
    expect(settled.tier).toMatchObject({ value: 'A', why: { rule: 'pareto_top' } });
    expect(settled.changes).toEqual([
      expect.objectContaining({ kind: 'tier', from: 'C', to: 'A', rule: 'pareto_top' }),
      expect.objectContaining({ kind: 'lifecycle', from: 'exploration', to: 'stability', rule: 'stable_regular_orders' }),
      expect.objectContaining({ kind: 'loyalty', from: 'none', to: 'loyal', rule: 'regular_repeat' }),
    ]);
    expect(settleSegments({ ...card, tier: 'A', lifecycleStage: 'stability', loyalty: 'loyal' }, verdicts(regular(), [400_00])).changes).toEqual([]);
  });

  it('leaves a pinned tier untouched and records no tier change', () => {
    const settled = settleSegments({ ...card, tier: 'B', tierPinned: true }, verdicts(regular(), [400_00]));
    expect(settled.tier).toBeNull();
    expect(settled.changes.map((c) => c.kind)).toEqual(['lifecycle', 'loyalty']);
    expect(settled.needsKeyAccountManager).toBe(false);
  });

  it('flags an A-tier customer (computed or pinned) without a key account manager', () => {
    expect(settleSegments(card, verdicts(regular(), [400_00])).needsKeyAccountManager).toBe(true);
    expect(settleSegments({ ...card, keyAccountManagerId: 'staff-1' }, verdicts(regular(), [400_00])).needsKeyAccountManager).toBe(false);
    expect(settleSegments({ ...card, tier: 'A', tierPinned: true }, verdicts(signals(), [400_00])).needsKeyAccountManager).toBe(true);
  });
});

describe('segment rules and reasons', () => {
  it('counts the quarters of the trailing 12 calendar months', () => {
    const w = signalWindows(now, rules);
    expect(w.trailingStart.toISOString()).toBe('2025-12-01T12:00:00.000Z');
    expect(w.quarterStarts.map((d) => d.toISOString().slice(0, 10))).toEqual(['2025-12-01', '2026-03-01', '2026-06-01', '2026-09-01']);
    expect(w.recentStart).toEqual(daysAgo(180));
    expect(w.previousStart).toEqual(daysAgo(360));
  });

  it('refuses a rules file with a typo, naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segments-'));
    const file = join(dir, 'segments.yaml');
    writeFileSync(file, readFileSync('config/segments.yaml', 'utf8').replace('silenceDays:', 'silenceDay:'));
    await expect(loadSegmentRules(file)).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: lifecycle\\.decline\\.silenceDays `));
    writeFileSync(file, readFileSync('config/segments.yaml', 'utf8').replace('bPercent: 15', 'bPercent: 25'));
    await expect(loadSegmentRules(file)).rejects.toThrow(/tier\.pareto\.bPercent aPercent \+ bPercent must stay under 100/);
    await expect(loadSegmentRules('config/segments.yaml')).resolves.toMatchObject({ tier: { method: 'pareto', pareto: { aPercent: 80, bPercent: 15 } } });
  });

  it('refuses fixed thresholds that are missing or upside down', () => {
    const tier = shipped.tier as Record<string, unknown>;
    expect(segmentRulesSchema.safeParse({ ...shipped, tier: { method: 'fixed', pareto: tier.pareto } }).error?.issues[0]).toMatchObject({ path: ['tier', 'fixed'] });
    expect(segmentRulesSchema.safeParse({ ...shipped, tier: { ...tier, fixed: { aMinAmount: 10, bMinAmount: 20 } } }).error?.issues[0]).toMatchObject({ path: ['tier', 'fixed', 'bMinAmount'] });
  });

  it('stores a reason as its rule and both sentences, and reads free text kept before', () => {
    const why = { rule: 'pareto_top', reason: { zh: '中', en: 'en' } };
    expect(parseStoredReason(encodeReason(why))).toEqual(why);
    expect(parseStoredReason('VIP since 2019')).toEqual({ rule: 'text', reason: { zh: 'VIP since 2019', en: 'VIP since 2019' } });
    expect(parseStoredReason(null)).toBeNull();
  });
});
