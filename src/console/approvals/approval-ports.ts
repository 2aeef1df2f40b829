// What approvals need from the store: a refund or voucher an agent recorded above the cap of the
// customer's tier waits here for a supervisor, who approves it (it becomes the commitment) or
// refuses it. Implemented in src/store/approval-store.ts; every change is audited with it.

import type { AmountKind } from '../../domain/policy.ts';
import type { NewCommitment, RecordedCommitment } from '../cases/case-work-ports.ts';

export const APPROVAL_STATUSES = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface StaffRef {
  id: string;
  name: string;
  email: string;
}

export interface ApprovalRecord {
  id: string;
  caseId: string;
  conversationId: string | null;
  customerId: string;
  /** Null once the customer's data was erased, or when the card never had one. */
  customerName: string | null;
  kind: AmountKind;
  description: string;
  dueAt: Date;
  amountCents: number;
  currency: string;
  /** The cap that applied; null when the policy sets none for this kind. */
  capCents: number | null;
  status: ApprovalStatus;
  requestedBy: StaffRef;
  decidedBy: StaffRef | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  commitmentId: string | null;
  createdAt: Date;
}

export interface NewApproval {
  caseId: string;
  kind: AmountKind;
  description: string;
  dueAt: Date;
  amountCents: number;
  currency: string;
  capCents: number | null;
}

export interface ApprovalQuery {
  status: ApprovalStatus;
  /** Only the requests of this staff member (an agent sees their own). */
  requestedById?: string | undefined;
  caseId?: string | undefined;
  limit: number;
}

/** A decision that came too late: someone else decided first (or the request was withdrawn). */
export interface NoLongerPending {
  refused: 'not_pending';
  approval: ApprovalRecord;
}

export interface ApprovalStore {
  /**
   * Stores the request, audited (`approval.requested`); refused while the case already has a
   * pending request of the same kind (one at a time), returning that one.
   */
  request(approval: NewApproval, requestedById: string, now: Date): Promise<ApprovalRecord | { refused: 'already_pending'; approval: ApprovalRecord }>;
  get(id: string): Promise<ApprovalRecord | null>;
  list(query: ApprovalQuery): Promise<ApprovalRecord[]>;
  /**
   * Marks it approved and records the commitment (the same write as a commitment staff record
   * directly, revisit included) in one transaction, audited (`approval.approved`). Of two
   * supervisors deciding at once exactly one wins; the other gets `not_pending`.
   */
  approve(
    id: string,
    decision: { commitment: NewCommitment; note: string | null },
    staffId: string,
    now: Date,
  ): Promise<{ approval: ApprovalRecord; recorded: RecordedCommitment } | NoLongerPending | null>;
  /** Marks it refused with the supervisor's reason, audited (`approval.refused`). */
  refuse(id: string, note: string, staffId: string, now: Date): Promise<ApprovalRecord | NoLongerPending | null>;
}
