// An order the customer quoted, found among their own orders: linked to the complaint and said
// back to them in their language when the bot restates the facts ("28 Nov, 1 × milk, ¥59").

import type { Entities, Language } from '../types.ts';
import type { FactKey } from '../policy.ts';
import type { ComplaintState, OrderOnFile } from './state.ts';
import type { Turn } from './context.ts';

/**
 * The order number a message quotes, the way the facts take it: a certain one, or any number-like
 * token when the order number was the question. The engine looks it up before the turn, so only
 * messages that quote one cost a read.
 */
export function quotedOrderNumber(entities: Entities, asking: FactKey | undefined): string | undefined {
  return entities.orderNumbers?.[0] ?? (asking === 'orderNumber' ? entities.orderCandidates?.[0] : undefined);
}

/**
 * Records what the lookup found for the number now in the facts: the customer's order (verified),
 * or nothing (unverified: unknown, or someone else's, which the customer is never told). A number
 * the engine did not look up (no order data) is neither.
 */
export function checkQuotedOrder(turn: Turn, complaint: ComplaintState, number: string): void {
  forgetOrder(complaint);
  const mentioned = turn.input.mentionedOrder;
  if (mentioned?.number !== number) return;
  complaint.orderVerified = mentioned.order !== null;
  if (mentioned.order) complaint.order = mentioned.order;
}

export function forgetOrder(complaint: ComplaintState): void {
  delete complaint.order;
  delete complaint.orderVerified;
}

/** "11月28日，1 × 牛奶，¥59" / "28 Nov, 1 × milk, ¥59": the date in the customer's time zone (with the year when not this one). */
export function describeOrder(order: OrderOnFile, language: Language, timeZone: string, now: Date): string {
  const placedAt = new Date(order.placedAt);
  const sameYear = yearIn(placedAt, timeZone) === yearIn(now, timeZone);
  const date = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    ...(sameYear ? {} : { year: 'numeric' }),
    month: language === 'zh' ? 'long' : 'short',
    day: 'numeric',
  }).format(placedAt);
  const parts = [date, order.items.trim(), orderAmount(order.amountCents, order.currency, language)].filter((p) => p.length > 0);
  return parts.join(language === 'zh' ? '，' : ', ');
}

/** ¥59, ¥59.90, $1,299.50: the shop's amount as a customer reads it (no ".00", the narrow symbol). */
function orderAmount(cents: number, currency: string, language: Language): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

function yearIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(date);
}
