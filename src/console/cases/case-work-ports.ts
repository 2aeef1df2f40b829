// What case work from the console needs from the store: private notes, commitments with their
// revisit, promised callbacks and case outcomes. Each change is audited in its own transaction.

import type { Tier } from '../../domain/types.ts';
import type { NoteEntry } from '../ports.ts';

export const COMMITMENT_KINDS = ['refund', 'replacement', 'repair', 'reship', 'voucher', 'apology', 'investigation', 'callback'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export const CASE_OUTCOMES = ['agreed', 'fulfilled', 'closed', 'reopened'] as const;
export type CaseOutcomeStatus = (typeof CASE_OUTCOMES)[number];

/** The case facts a commitment is checked against (the refund cap depends on tier and category). */
export interface CaseFacts {
  id: string;
  customerId: string;
  conversationId: string;
  category: string;
  status: string;
  tier: Tier;
}

export interface NewCommitment {
  caseId: string;
  kind: CommitmentKind;
  description: string;
  dueAt: Date;
  amountCents: number | null;
  currency: string | null;
  /** When the revisit (回访) after the commitment is due. */
  revisitAt: Date;
}

export interface RecordedCommitment {
  commitmentId: string;
  followUpId: string;
}

export interface ScheduledCallback {
  followUpId: string;
  /** The conversation's newest open case the callback belongs to, if any. */
  caseId: string | null;
  dueAt: Date;
  dedupeKey: string;
}

export interface CaseWorkStore {
  /** Null when there is no such conversation. */
  addNote(conversationId: string, staffId: string, text: string, now: Date): Promise<NoteEntry | null>;
  caseFacts(caseId: string): Promise<CaseFacts | null>;
  /** The commitment and its revisit FollowUp, in one transaction with the audit entry. */
  recordCommitment(commitment: NewCommitment, actorId: string, now: Date): Promise<RecordedCommitment>;
  /** A callback FollowUp for the conversation's customer; null when there is no such conversation. */
  scheduleCallback(conversationId: string, callback: { dueAt: Date; note: string | null }, actorId: string, now: Date): Promise<ScheduledCallback | null>;
  /** Sets the case status (and the agreed solution for `agreed`); null when there is no such case. */
  setOutcome(
    caseId: string,
    status: CaseOutcomeStatus,
    outcome: string | null,
    actorId: string,
    now: Date,
  ): Promise<{ id: string; conversationId: string; status: string; agreedSolution: string | null } | null>;
}
