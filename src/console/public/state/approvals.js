// @ts-check
// Approval requests: an agent's refund or voucher above the tier's cap waits for a supervisor.
// The pending ones this person may see (supervisors: everyone's, an agent: their own) are read
// when the live stream is (re)connected and kept current by its `approval` events; supervisors
// hear of a new one, an agent of the decision on theirs. Approving and refusing go to the API.

import { api } from '../../assets/kit/api.js';
import { language, t } from '../../assets/kit/i18n.js';
import { formatMoney } from '../../assets/kit/format.js';
import { getState, isSupervisor, update } from './console-store.js';
import { applyApprovalEvent } from './approval-list.js';
import { loadConversation } from './conversation.js';
import { showToast } from './toast.js';

/** @typedef {import('./approval-list.js').Approval} Approval */
/** @typedef {import('./approval-list.js').ApprovalEvent} ApprovalEvent */

/** An amount of a request in its currency, in the console's language. */
export function money(/** @type {number} */ cents, /** @type {string} */ currency) {
  return formatMoney(cents, currency, language() === 'zh' ? 'zh-CN' : 'en-GB');
}

/** "Refund of ¥560.00 for Lena" in the console's language. */
export function approvalSummary(/** @type {Approval} */ approval) {
  return t('approvals.summary', { kind: t(`kind.${approval.kind}`), amount: money(approval.amountCents, approval.currency), customer: approval.customerName || t('anonymous') });
}

export async function refreshApprovals() {
  if (!getState().me) return;
  try {
    const { approvals } = await api('GET', '/api/staff/approvals?status=pending');
    if (getState().me) update({ approvals });
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status !== 401) showToast(t('errorGeneric', { message: /** @type {Error} */ (error).message }));
  }
}

/** A request the page just made (the 202 answer), shown before its live event arrives. */
export function rememberApproval(/** @type {Approval} */ approval) {
  update((s) => ({ approvals: applyApprovalEvent(s.approvals, { type: 'requested', approval }) }));
}

/** A live `approval` event: the list follows it; supervisors hear of new requests, an agent of decisions on theirs. */
export function receiveApproval(/** @type {ApprovalEvent} */ event) {
  const { me, openId } = getState();
  if (!me) return;
  const known = getState().approvals.some((a) => a.id === event.approval.id);
  update((s) => ({ approvals: applyApprovalEvent(s.approvals, event) }));
  const { approval } = event;
  if (event.type === 'requested') {
    if (!known && isSupervisor() && approval.requestedBy.id !== me.id) showToast(t('approvals.newToast', { name: approval.requestedBy.name, summary: approvalSummary(approval) }));
    return;
  }
  if (approval.requestedBy.id === me.id) {
    const words = { name: approval.decidedBy?.name ?? t('someone'), summary: approvalSummary(approval), note: approval.decisionNote ?? '' };
    showToast(event.type === 'approved' ? t(approval.decisionNote ? 'approvals.approvedToastNote' : 'approvals.approvedToast', words) : t('approvals.refusedToast', words));
  }
  // The refusal changes nothing on the case; the open conversation's "waiting for approval" line goes with the list.
  if (event.type === 'approved' && openId && approval.conversationId === openId) void loadConversation(openId);
}

/**
 * Approves a request; throws ApiError with the server's words when refused.
 * @param {string} id
 * @param {{ note?: string, dueAt?: string }} decision
 */
export async function approveRequest(id, decision) {
  const result = await api('POST', `/api/staff/approvals/${encodeURIComponent(id)}/approve`, decision);
  receiveApproval({ type: 'approved', approval: result.approval });
  return result;
}

/**
 * Refuses a request with the reason; throws ApiError with the server's words when refused.
 * @param {string} id
 * @param {string} note
 */
export async function refuseRequest(id, note) {
  const result = await api('POST', `/api/staff/approvals/${encodeURIComponent(id)}/refuse`, { note });
  receiveApproval({ type: 'refused', approval: result.approval });
  return result;
}
