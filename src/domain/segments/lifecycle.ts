// Lifecycle stage (seed 001): 考察期 exploration → 形成期 formation → 稳定期 stability, and
// 退化期 decline from any stage ("在任何一个阶段，双方关系都有可能发生退化"): a long silence, orders
// stopping or falling off, or an unsatisfied revisit. It is recomputed from the signals each time,
// so a customer moves back up once the signals recover. The first rule that fires wins, declines first.

import { daysSince, unsatisfiedSinceLastOrder, type CustomerSignals } from './customer-signals.ts';
import { explain, type Explained } from './segment-reason.ts';
import type { LifecycleStage, SegmentRules } from './segment-rules.ts';

export interface LifecycleVerdict extends Explained {
  stage: LifecycleStage;
  /** Out of decline again since the stage before. */
  recovered: boolean;
}

export function lifecycleStage(signals: CustomerSignals, rules: SegmentRules['lifecycle'], now: Date, previous?: string): LifecycleVerdict {
  const verdict = declineOf(signals, rules, now) ?? growthOf(signals, rules, now);
  if (verdict.stage === 'decline' || previous !== 'decline') return { ...verdict, recovered: false };
  const recovered = explain('recovered');
  return {
    ...verdict,
    recovered: true,
    reason: { zh: recovered.reason.zh.replace('{text}', verdict.reason.zh), en: recovered.reason.en.replace('{text}', verdict.reason.en) },
  };
}

function declineOf(s: CustomerSignals, rules: SegmentRules['lifecycle'], now: Date): Omit<LifecycleVerdict, 'recovered'> | null {
  const { silenceDays, volumeWindowDays, minPreviousOrders, dropRatio, unsatisfiedRevisitDays } = rules.decline;
  const lastActivity = Math.max(s.customerSince.getTime(), s.lastOrderAt?.getTime() ?? 0, s.lastContactAt?.getTime() ?? 0);
  const silent = daysSince(new Date(lastActivity), now);
  if (silent > silenceDays) return { stage: 'decline', ...explain('long_silence', { days: silent, limit: silenceDays }) };
  if (s.ordersEver > 0 && s.ordersLast12Months === 0) return { stage: 'decline', ...explain('lapsed', { ever: s.ordersEver }) };
  if (s.ordersPreviousWindow >= minPreviousOrders && s.ordersRecentWindow <= s.ordersPreviousWindow * dropRatio) {
    return { stage: 'decline', ...explain('falling_volume', { window: volumeWindowDays, recent: s.ordersRecentWindow, previous: s.ordersPreviousWindow }) };
  }
  if (s.latestSurvey && unsatisfiedSinceLastOrder(s) && daysSince(s.latestSurvey.at, now) <= unsatisfiedRevisitDays) {
    return { stage: 'decline', ...explain('unsatisfied_revisit', { date: s.latestSurvey.at.toISOString().slice(0, 10) }) };
  }
  return null;
}

function growthOf(s: CustomerSignals, rules: SegmentRules['lifecycle'], now: Date): Omit<LifecycleVerdict, 'recovered'> {
  const { stability, formation } = rules;
  const relationshipDays = s.firstOrderAt ? daysSince(s.firstOrderAt, now) : 0;
  if (s.ordersLast12Months >= stability.minOrders && s.activeQuarters >= stability.minActiveQuarters && relationshipDays >= stability.minRelationshipDays) {
    return { stage: 'stability', ...explain('stable_regular_orders', { orders: s.ordersLast12Months, quarters: s.activeQuarters, months: Math.floor(relationshipDays / 30.4) }) };
  }
  if (s.ordersLast12Months >= formation.minOrders) return { stage: 'formation', ...explain('repeat_orders', { orders: s.ordersLast12Months }) };
  if (s.ordersEver === 0) return { stage: 'exploration', ...explain('no_orders_yet') };
  return { stage: 'exploration', ...explain('first_orders', { orders: s.ordersLast12Months, min: formation.minOrders }) };
}
