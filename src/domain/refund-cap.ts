// The most a refund may be without a supervisor; amount-cap.ts answers this for every kind that
// carries an amount (kept for callers that ask about refunds only).

import { amountCapFor } from './amount-cap.ts';
import type { Policy } from './policy.ts';
import type { Tier } from './types.ts';

/** The refund cap for the case category and tier (see amountCapFor); undefined when there is none. */
export function refundCapFor(policy: Policy, category: string, tier: Tier): number | undefined {
  return amountCapFor(policy, 'refund', category, tier);
}
