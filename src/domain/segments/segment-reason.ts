// Why a segment is what it is: a rule id a program can match on and the sentence staff read on
// the card, in both languages. Stored as JSON in the card's *Reason columns and in SegmentChange.

import { formatMoney } from '../phrasebook.ts';
import type { Language } from '../types.ts';

export interface SegmentReason {
  zh: string;
  en: string;
}

/** What a segment function returns besides the value: the rule that fired and its sentence. */
export interface Explained {
  rule: string;
  reason: SegmentReason;
}

/** A reason as kept in the store. */
export type StoredReason = Explained;

type Vars = Record<string, string | number>;

/** The sentence of each rule; {names} are filled in from the customer's figures. */
const WORDING: Record<string, SegmentReason> = {
  // ABC tier (seeds 000, 004: by purchase value; A few and large, C many and small)
  no_purchases: { zh: '近12个月没有有效消费（已取消、已退款的订单不计）', en: 'No purchases in the last 12 months (cancelled and refunded orders do not count)' },
  pareto_top: {
    zh: '近12个月消费 {value}，位列贡献前 {aPercent}% 收入的客户（A 类自 {aMin} 起）',
    en: 'Spent {value} in the last 12 months: among the customers making the first {aPercent}% of revenue (A from {aMin})',
  },
  pareto_middle: {
    zh: '近12个月消费 {value}，位列贡献其后 {bPercent}% 收入的客户（B 类自 {bMin} 起）',
    en: 'Spent {value} in the last 12 months: among the customers making the next {bPercent}% of revenue (B from {bMin})',
  },
  pareto_rest: { zh: '近12个月消费 {value}，属于贡献最后 {cPercent}% 收入的客户', en: 'Spent {value} in the last 12 months: among the customers making the last {cPercent}% of revenue' },
  fixed_a: { zh: '近12个月消费 {value}，达到 A 类标准 {aMin}', en: 'Spent {value} in the last 12 months: at least the A threshold of {aMin}' },
  fixed_b: { zh: '近12个月消费 {value}，达到 B 类标准 {bMin}（A 类需 {aMin}）', en: 'Spent {value} in the last 12 months: at least the B threshold of {bMin} (A from {aMin})' },
  fixed_c: { zh: '近12个月消费 {value}，低于 B 类标准 {bMin}', en: 'Spent {value} in the last 12 months: below the B threshold of {bMin}' },
  pinned: { zh: '由 {staff} 固定为 {tier} 类：{text}', en: 'Pinned to {tier} by {staff}: {text}' },
  unpinned: { zh: '已取消固定，下次重新计算时按规则确定', en: 'No longer pinned: the next recomputation sets it by the rules' },
  // Lifecycle (seed 001: 考察期、形成期、稳定期、退化期; decline can happen at any stage)
  long_silence: { zh: '已 {days} 天没有下单或联系（超过 {limit} 天视为疏离）', en: 'No order or contact for {days} days (over {limit} days counts as drifting away)' },
  lapsed: { zh: '以前下过 {ever} 单，近12个月没有订单：交易量下降', en: '{ever} orders before, none in the last 12 months: order volume has fallen' },
  falling_volume: {
    zh: '最近 {window} 天下单 {recent} 次，之前 {window} 天为 {previous} 次：交易量明显下降',
    en: '{recent} orders in the last {window} days against {previous} in the {window} days before: order volume is falling',
  },
  unsatisfied_revisit: { zh: '{date} 回访时表示不满意，此后没有再下单', en: 'Unsatisfied at the revisit of {date}, and no order since' },
  stable_regular_orders: {
    zh: '近12个月下单 {orders} 次，{quarters} 个季度都有购买，合作已 {months} 个月',
    en: '{orders} orders in the last 12 months, buying in {quarters} of 4 quarters, a customer for {months} months',
  },
  repeat_orders: { zh: '近12个月下单 {orders} 次：关系正在快速发展', en: '{orders} orders in the last 12 months: the relationship is growing' },
  no_orders_yet: { zh: '还没有订单：双方仍在相互了解', en: 'No orders yet: still getting to know each other' },
  first_orders: { zh: '近12个月下单 {orders} 次（不足 {min} 次）：仍在考察', en: '{orders} order(s) in the last 12 months (fewer than {min}): still trying us out' },
  recovered: { zh: '信号已恢复：{text}', en: 'Signals recovered: {text}' },
  // Loyalty (seed 000: 忠诚客户、品牌转移客户、无品牌忠诚客户; seed 004: only high satisfaction keeps customers)
  no_orders: { zh: '还没有订单', en: 'No orders yet' },
  unsatisfied_repeat: {
    zh: '老客户（共 {ever} 单），但最近一次回访不满意且此后没有再下单：容易转向别的品牌',
    en: 'A repeat customer ({ever} orders) unsatisfied at the latest revisit and not ordering since: likely to switch brands',
  },
  regular_repeat: { zh: '近12个月下单 {orders} 次，{quarters} 个季度都有购买，回访没有不满', en: '{orders} orders in the last 12 months, buying in {quarters} of 4 quarters, no unsatisfied revisit' },
  irregular_repeat: {
    zh: '共 {ever} 单，但近12个月只有 {quarters} 个季度有购买：时买时停，可能也在别处购买',
    en: '{ever} orders in all, but buying in only {quarters} of the last 4 quarters: buys from us now and then, likely elsewhere too',
  },
  single_purchase: { zh: '只买过 1 次：还看不出品牌忠诚', en: 'Bought once only: no brand loyalty shown yet' },
  too_new: { zh: '合作还不满 {days} 天：尚难判断忠诚度', en: 'A customer for less than {days} days: too early to judge loyalty' },
};

/** The rule with its sentence filled in. */
export function explain(rule: string, vars: Vars = {}): Explained {
  const wording = wordingOf(rule);
  return { rule, reason: { zh: fill(wording.zh, vars), en: fill(wording.en, vars) } };
}

/** The same figures phrased per language (an amount of money reads differently in each). */
export function explainMoney(rule: string, money: Record<string, number>, currency: string, vars: Vars = {}): Explained {
  const wording = wordingOf(rule);
  const inLanguage = (language: Language) => {
    const amounts: Vars = {};
    for (const [name, cents] of Object.entries(money)) amounts[name] = formatMoney(cents, currency, language);
    return fill(wording[language], { ...vars, ...amounts });
  };
  return { rule, reason: { zh: inLanguage('zh'), en: inLanguage('en') } };
}

function wordingOf(rule: string): SegmentReason {
  const wording = WORDING[rule];
  if (!wording) throw new Error(`no wording for segment rule ${rule}`);
  return wording;
}

function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function encodeReason(explained: Explained): string {
  return JSON.stringify({ rule: explained.rule, zh: explained.reason.zh, en: explained.reason.en });
}

/** A stored reason; text written before reasons were structured reads as a free-text reason. */
export function parseStoredReason(text: string | null): StoredReason | null {
  if (text === null || text === '') return null;
  try {
    const value = JSON.parse(text) as { rule?: unknown; zh?: unknown; en?: unknown };
    if (typeof value.rule === 'string' && typeof value.zh === 'string' && typeof value.en === 'string') return { rule: value.rule, reason: { zh: value.zh, en: value.en } };
  } catch {
    // not JSON: a free-text reason
  }
  return { rule: 'text', reason: { zh: text, en: text } };
}
