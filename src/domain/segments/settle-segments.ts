// Puts one customer's computed segments against what the card holds: what to write, which values
// changed (each becomes a history row: from, to, why), and whether the customer now needs a key
// account manager (seed 004: A customers get one). A tier a supervisor pinned is left as it is.

import type { Tier } from '../types.ts';
import type { TierVerdict } from './abc-tier.ts';
import type { LifecycleVerdict } from './lifecycle.ts';
import type { LoyaltyVerdict } from './loyalty.ts';
import type { Explained } from './segment-reason.ts';
import type { SegmentKind } from './segment-rules.ts';

export interface CardSegments {
  tier: string;
  tierPinned: boolean;
  lifecycleStage: string;
  loyalty: string;
  keyAccountManagerId: string | null;
}

export interface SegmentVerdicts {
  tier: TierVerdict;
  lifecycle: LifecycleVerdict;
  loyalty: LoyaltyVerdict;
}

export interface SegmentChangeDraft extends Explained {
  kind: SegmentKind;
  from: string;
  to: string;
}

export interface SettledSegments {
  /** The computed tier and why, or null to keep the card's (pinned). */
  tier: { value: Tier; why: Explained } | null;
  lifecycle: { value: string; why: Explained };
  loyalty: { value: string; why: Explained };
  changes: SegmentChangeDraft[];
  /** A-tier (computed or pinned) and nobody is their key account manager. */
  needsKeyAccountManager: boolean;
}

export function settleSegments(card: CardSegments, verdicts: SegmentVerdicts): SettledSegments {
  const { tier, lifecycle, loyalty } = verdicts;
  const changes: SegmentChangeDraft[] = [];
  const note = (kind: SegmentKind, from: string, to: string, why: Explained) => {
    if (from !== to) changes.push({ kind, from, to, rule: why.rule, reason: why.reason });
  };
  if (!card.tierPinned) note('tier', card.tier, tier.tier, tier);
  note('lifecycle', card.lifecycleStage, lifecycle.stage, lifecycle);
  note('loyalty', card.loyalty, loyalty.loyalty, loyalty);
  const finalTier = card.tierPinned ? card.tier : tier.tier;
  return {
    tier: card.tierPinned ? null : { value: tier.tier, why: tier },
    lifecycle: { value: lifecycle.stage, why: lifecycle },
    loyalty: { value: loyalty.loyalty, why: loyalty },
    changes,
    needsKeyAccountManager: finalTier === 'A' && card.keyAccountManagerId === null,
  };
}
