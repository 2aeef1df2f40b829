// A commitment staff put on record for a case: its terms (the revisit after it, the currency of an
// amount), its announcement to webhook receivers and its answer on the API. A staff member's own
// commitment and a supervisor's approval of an agent's request both go through here.

import type { Policy } from '../../domain/policy.ts';
import type { WebhookEvents } from '../../webhooks/webhook-events.ts';
import type { CommitmentKind, NewCommitment, RecordedCommitment } from './case-work-ports.ts';

export interface CommitmentInput {
  caseId: string;
  kind: CommitmentKind;
  description: string;
  dueAt: Date;
  amountCents: number | null;
}

/** The revisit is due `revisitDelayMinutes` after the commitment; an amount is in the policy's currency. */
export function commitmentTerms(policy: Pick<Policy, 'revisitDelayMinutes' | 'currency'>, input: CommitmentInput): NewCommitment {
  return {
    ...input,
    currency: input.amountCents !== null ? policy.currency : null,
    revisitAt: new Date(input.dueAt.getTime() + policy.revisitDelayMinutes * 60_000),
  };
}

/** The `commitment.recorded` webhook, once the commitment is committed. */
export function announceCommitment(webhooks: WebhookEvents, c: NewCommitment, recorded: RecordedCommitment, customerId: string, staffId: string): void {
  webhooks.emit('commitment.recorded', {
    commitmentId: recorded.commitmentId,
    caseId: c.caseId,
    customerId,
    kind: c.kind,
    amountCents: c.amountCents,
    currency: c.currency,
    dueAt: c.dueAt.toISOString(),
    recordedBy: 'staff',
    staffId,
  });
}

/** How the API answers a recorded commitment: it and its revisit. */
export function commitmentAnswer(c: NewCommitment, recorded: RecordedCommitment) {
  return {
    commitment: { id: recorded.commitmentId, dueAt: c.dueAt.toISOString(), amountCents: c.amountCents, currency: c.currency },
    revisit: { id: recorded.followUpId, dueAt: c.revisitAt.toISOString() },
  };
}
