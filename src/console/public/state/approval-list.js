// @ts-check
// The pending approval requests a console shows, pure: a live `approval` event applied to the list
// (a new request joins it, a decided one leaves it), longest waiting first.

/**
 * @typedef {{ id: string, caseId: string, conversationId: string | null, customerName: string | null, kind: 'refund' | 'voucher',
 *   description: string, dueAt: string, amountCents: number, currency: string, capCents: number | null, status: string,
 *   requestedBy: { id: string, name: string }, decidedBy: { id: string, name: string } | null, decisionNote: string | null, createdAt: string }} Approval
 * @typedef {{ type: 'requested' | 'approved' | 'refused', approval: Approval }} ApprovalEvent
 */

/**
 * @param {Approval[]} pending
 * @param {ApprovalEvent} event
 * @returns {Approval[]}
 */
export function applyApprovalEvent(pending, event) {
  const others = pending.filter((a) => a.id !== event.approval.id);
  if (event.type !== 'requested' || event.approval.status !== 'pending') return others;
  return [...others, event.approval].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Whether the due time the agent asked for has passed (approving then needs a new one).
 * @param {Pick<Approval, 'dueAt'>} approval
 * @param {Date} now
 */
export function duePassed(approval, now) {
  return new Date(approval.dueAt).getTime() < now.getTime();
}
