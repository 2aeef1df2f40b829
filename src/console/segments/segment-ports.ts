// What the computed segments need from the store (implemented in src/store/segment-store.ts):
// recomputing every card from its orders, pinning a tier, the history of changes, and the A-tier
// customers still waiting for a key account manager.

import type { StoredReason } from '../../domain/segments/segment-reason.ts';
import type { SegmentKind } from '../../domain/segments/segment-rules.ts';
import type { Tier } from '../../domain/types.ts';

export type SegmentTrigger = 'schedule' | 'import' | 'staff';

export interface SegmentRecomputeResult {
  /** Customers computed (erased ones are skipped). */
  customers: number;
  /** Values that changed, per segment (each one is a SegmentChange row). */
  changed: Record<SegmentKind, number>;
  /** A-tier customers without a key account manager after the run. */
  needKeyAccountManager: number;
  computedAt: Date;
}

export interface SegmentChangeRecord extends StoredReason {
  id: string;
  kind: SegmentKind;
  from: string;
  to: string;
  /** system, or staff:<id> */
  actor: string;
  createdAt: Date;
}

export interface TierPinState {
  tier: Tier;
  tierPinned: boolean;
  tierReason: StoredReason | null;
}

export type TierPinResult = { pinned: TierPinState & { from: string } } | { refused: 'not_found' | 'erased' };
export type TierUnpinResult = { unpinned: TierPinState & { wasPinned: boolean } } | { refused: 'not_found' | 'erased' };

/** A customer's tier changed: by a recomputation (actor system) or a supervisor's pin (staff:<id>). */
export interface TierChange {
  customerId: string;
  from: Tier;
  to: Tier;
  /** The rule that set it ('pinned' for a pin). */
  rule: string;
  actor: string;
}

/** Told after the change is committed (outgoing webhooks); must return at once and never throw. */
export type TierChangeListener = (changes: readonly TierChange[]) => void;

export interface KeyAccountCandidate {
  id: string;
  name: string | null;
  tier: Tier;
  tierPinned: boolean;
  tierReason: StoredReason | null;
  purchaseTotalCents: number;
  segmentsComputedAt: Date | null;
}

export interface SegmentStore {
  /** Recomputes every customer's tier, lifecycle and loyalty as of `now`; the run is audited (actor: a staff id, or null for the service). */
  recompute(now: Date, actorId: string | null): Promise<SegmentRecomputeResult>;
  /** Pins the tier with a supervisor's reason: recorded as a change by staff:<id> and audited. */
  pinTier(customerId: string, tier: Tier, text: string, staff: { id: string; name: string }, now: Date): Promise<TierPinResult>;
  /** Lets the next recomputation set the tier again; audited when it was pinned. */
  unpinTier(customerId: string, staffId: string, now: Date): Promise<TierUnpinResult>;
  /** Newest first; null when there is no such customer. */
  history(customerId: string, limit: number): Promise<SegmentChangeRecord[] | null>;
  /** A-tier customers without a key account manager, largest purchase value first. */
  needingKeyAccountManager(offset: number, limit: number): Promise<{ customers: KeyAccountCandidate[]; total: number }>;
}

/**
 * Recomputes every customer's segments (see recompute-segments.ts). `wait`: when another run is
 * under way, wait for it and run after it (an import's new orders must count); without it the
 * call answers null at once.
 */
export type RecomputeSegments = (request: { trigger: SegmentTrigger; actorId?: string; wait?: boolean }) => Promise<SegmentRecomputeResult | null>;
