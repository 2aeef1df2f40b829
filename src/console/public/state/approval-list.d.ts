// Types of approval-list.js for the TypeScript tests that import it (the browser loads the .js).

export interface Approval {
  id: string;
  caseId: string;
  conversationId: string | null;
  customerName: string | null;
  kind: 'refund' | 'voucher';
  description: string;
  dueAt: string;
  amountCents: number;
  currency: string;
  capCents: number | null;
  status: string;
  requestedBy: { id: string; name: string };
  decidedBy: { id: string; name: string } | null;
  decisionNote: string | null;
  createdAt: string;
}
export interface ApprovalEvent {
  type: 'requested' | 'approved' | 'refused';
  approval: Approval;
}
export function applyApprovalEvent(pending: Approval[], event: ApprovalEvent): Approval[];
export function duePassed(approval: Pick<Approval, 'dueAt'>, now: Date): boolean;
