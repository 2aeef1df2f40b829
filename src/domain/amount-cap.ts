// The most a commitment that carries an amount (a refund, a voucher) may be without a supervisor:
// the same per-tier caps the bot works within (config/policy.yaml), so policy has one source.

import { capOf, type AmountKind, type Policy, type PolicyOption } from './policy.ts';
import type { Tier } from './types.ts';

/**
 * The highest cap the policy sets for this kind and tier among the case category's options; when
 * the category offers no such option, the highest for the tier in any category. Undefined when
 * no option of that kind exists at all.
 */
export function amountCapFor(policy: Policy, kind: AmountKind, category: string, tier: Tier): number | undefined {
  const caps = (options: readonly PolicyOption[]) => options.flatMap((o) => (o.kind === kind ? [capOf(o, tier)] : [])).filter((cap) => cap !== undefined);
  const own = category in policy.options ? caps(policy.options[category as keyof Policy['options']]) : [];
  const all = own.length > 0 ? own : caps(Object.values(policy.options).flat());
  return all.length > 0 ? Math.max(...all) : undefined;
}
