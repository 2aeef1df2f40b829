// The most a refund may be without a supervisor: the policy's cap for the customer's tier.

import type { Policy } from './policy.ts';
import type { Tier } from './types.ts';

/**
 * The highest refund cap the policy sets for this tier among the case category's refund options;
 * when the category offers no refund, the highest for the tier in any category. Undefined when
 * the policy caps no refund at all.
 */
export function refundCapFor(policy: Policy, category: string, tier: Tier): number | undefined {
  const caps = (options: Policy['options'][keyof Policy['options']]) =>
    options.flatMap((o) => (o.kind === 'refund' && o.refundCapCents ? [o.refundCapCents[tier]] : []));
  const own = category in policy.options ? caps(policy.options[category as keyof Policy['options']]) : [];
  const all = own.length > 0 ? own : Object.values(policy.options).flatMap(caps);
  return all.length > 0 ? Math.max(...all) : undefined;
}
