// The values each label may take. Labels come from these bounded sets only — never from free text or
// a client — so the number of series stays fixed; anything else is counted as `other`.

import type { EscalationReason } from '../domain/flow/effects.ts';
import type { FollowUpKind } from '../domain/follow-ups/decide-follow-up.ts';
import type { FollowUpOutcome } from '../jobs/follow-up-runner.ts';
import type { ModelUsage } from '../llm/model-client.ts';

export const OTHER = 'other';

// Records keyed by the unions, so a reason, kind or outcome added to the code must be added here too.
const ESCALATION_REASONS: Record<EscalationReason, true> = {
  safety: true,
  victimized: true,
  angry: true,
  asked_for_person: true,
  no_agreement: true,
  repeated_misunderstanding: true,
  internal_error: true,
  a_tier_green_channel: true,
  revisit_unsatisfied: true,
  callback_due: true,
};
const FOLLOW_UP_KINDS: Record<FollowUpKind, true> = { callback: true, revisit: true, greeting: true, outreach: true, rating: true };
const FOLLOW_UP_OUTCOMES: Record<FollowUpOutcome, true> = { sent: true, task: true, cancelled: true, deferred: true, retry: true, failed: true, skipped: true, error: true };
const LLM_OUTCOMES: Record<ModelUsage['outcome'], true> = { ok: true, invalid: true, timeout: true, error: true, skipped: true };

export const escalationReasons = Object.keys(ESCALATION_REASONS) as EscalationReason[];
export const followUpKinds = Object.keys(FOLLOW_UP_KINDS) as FollowUpKind[];
export const followUpOutcomes = Object.keys(FOLLOW_UP_OUTCOMES) as FollowUpOutcome[];
export const llmOutcomes = Object.keys(LLM_OUTCOMES) as ModelUsage['outcome'][];
