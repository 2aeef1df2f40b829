// Loyalty type (seed 000: 忠诚客户、品牌转移客户、无品牌忠诚客户), from repeat purchases, their
// regularity and satisfaction (seed 004: only a highly satisfied customer stays; an unsatisfied
// one does not buy again). The first rule that fires wins:
//   no orders                                         → none
//   repeat customer, unsatisfied at the latest revisit
//     and no order since                              → switching
//   enough orders in enough quarters of the last 12 m → loyal
//   repeat customer long enough, but buying in fewer
//     quarters than a loyal one (now and then)        → switching
//   otherwise (one purchase, or too new to judge)     → none

import { DAY_MS, unsatisfiedSinceLastOrder, type CustomerSignals } from './customer-signals.ts';
import { explain, type Explained } from './segment-reason.ts';
import type { LoyaltyType, SegmentRules } from './segment-rules.ts';

export interface LoyaltyVerdict extends Explained {
  loyalty: LoyaltyType;
}

export function loyaltyType(s: CustomerSignals, rules: SegmentRules['loyalty'], now: Date): LoyaltyVerdict {
  const { loyal, switching } = rules;
  if (s.ordersEver === 0) return { loyalty: 'none', ...explain('no_orders') };
  const repeat = s.ordersEver >= switching.minOrders;
  if (repeat && unsatisfiedSinceLastOrder(s)) return { loyalty: 'switching', ...explain('unsatisfied_repeat', { ever: s.ordersEver }) };
  if (s.ordersLast12Months >= loyal.minOrders && s.activeQuarters >= loyal.minActiveQuarters) {
    return { loyalty: 'loyal', ...explain('regular_repeat', { orders: s.ordersLast12Months, quarters: s.activeQuarters }) };
  }
  const longEnough = s.firstOrderAt !== null && now.getTime() - s.firstOrderAt.getTime() >= switching.minHistoryDays * DAY_MS;
  if (repeat && longEnough) return { loyalty: 'switching', ...explain('irregular_repeat', { ever: s.ordersEver, quarters: s.activeQuarters }) };
  if (s.ordersEver === 1) return { loyalty: 'none', ...explain('single_purchase') };
  return { loyalty: 'none', ...explain('too_new', { days: switching.minHistoryDays }) };
}
