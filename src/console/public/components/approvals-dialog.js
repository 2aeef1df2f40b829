// @ts-check
// Supervisors' approvals (opened from the top bar): the requests waiting, longest first, each with
// the customer, the kind and amount against the tier's cap, what the agent wrote, who asked and
// when, a way to the conversation, and Approve (a note if wanted) or Refuse (the note says why).
// The list follows the live stream, so a request a colleague decided leaves it here too.

import { html, useRef, useState } from '../vendor/preact-htm.js';
import { useModal } from './use-modal.js';
import { ApiError } from '../../assets/kit/api.js';
import { relativeTime } from '../../assets/kit/format.js';
import { t } from '../../assets/kit/i18n.js';
import { when } from '../console-labels.js';
import { update } from '../state/console-store.js';
import { approvalSummary, approveRequest, money, refuseRequest } from '../state/approvals.js';
import { duePassed } from '../state/approval-list.js';
import { openConversation } from '../state/conversation.js';
import { showToast } from '../state/toast.js';
import { dueFrom } from './due-date.js';

/** @typedef {import('../state/approval-list.js').Approval} Approval */

/** @param {{ open: boolean, approvals: Approval[] }} props */
export function ApprovalsDialog({ open, approvals }) {
  const dialog = useModal(open);
  const close = () => update({ approvalsOpen: false });

  return html`
    <dialog id="approvals-dialog" class="card approvals-dialog" aria-labelledby="approvals-title" ref=${dialog} onClose=${close}>
      <div class="approvals-head">
        <h2 id="approvals-title">${t('approvals.title')}</h2>
        <button id="approvals-close" class="btn btn-ghost" type="button" onClick=${close}>${t('approvals.close')}</button>
      </div>
      <p class="muted small">${t('approvals.hint')}</p>
      <p id="approvals-empty" class="empty" hidden=${approvals.length > 0}>${t('approvals.empty')}</p>
      <ul id="approvals-list" class="approvals-list">
        ${approvals.map((approval) => html`<${ApprovalItem} key=${approval.id} approval=${approval} />`)}
      </ul>
    </dialog>
  `;
}

function ApprovalItem(/** @type {{ approval: Approval }} */ { approval }) {
  const note = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const due = useRef(/** @type {HTMLInputElement | null} */ (null));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [askDue, setAskDue] = useState(() => duePassed(approval, new Date()));
  const id = approval.id;
  const cap = approval.capCents === null ? t('approvals.noCap') : t('approvals.cap', { cap: money(approval.capCents, approval.currency) });

  /** @param {'approve' | 'refuse'} decision */
  async function decide(decision) {
    setError('');
    const text = note.current?.value.trim() ?? '';
    if (decision === 'refuse' && !text) {
      setError(t('approvals.noteNeeded'));
      note.current?.focus();
      return;
    }
    setBusy(true);
    try {
      if (decision === 'approve') {
        const dueAt = askDue ? dueFrom(due.current?.value ?? '') : undefined;
        await approveRequest(id, { ...(text ? { note: text } : {}), ...(dueAt ? { dueAt } : {}) });
        showToast(t('approvals.approvedDone', { summary: approvalSummary(approval) }));
      } else {
        await refuseRequest(id, text);
        showToast(t('approvals.refusedDone', { summary: approvalSummary(approval) }));
      }
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      if (status === 401) return;
      // The due time the agent asked for passed while the request waited: the server wants a new
      // one (its answer names dueAt; this page's clock may be behind the server's).
      const message = /** @type {Error} */ (failure).message;
      if (decision === 'approve' && status === 409 && (duePassed(approval, new Date()) || /\bdueAt\b/.test(message))) {
        setAskDue(true);
        setError(t('approvals.duePassed'));
        setTimeout(() => due.current?.focus());
      } else setError(message);
    } finally {
      setBusy(false);
    }
  }

  function openIt() {
    if (!approval.conversationId) return;
    update({ approvalsOpen: false });
    void openConversation(approval.conversationId);
  }

  return html`
    <li class="approval" data-approval-id=${id}>
      <div class="approval-head">
        <strong class="approval-customer">${approval.customerName || t('anonymous')}</strong>
        <span class="chip">${t(`kind.${approval.kind}`)}</span>
        <span class="approval-amount"><strong>${money(approval.amountCents, approval.currency)}</strong> <span class="muted small">${cap}</span></span>
      </div>
      <p class="approval-desc">${approval.description}</p>
      <p class="muted small">${t('approvals.asked', { name: approval.requestedBy.name, ago: relativeTime(approval.createdAt, t) })} · ${t('due', { time: when(approval.dueAt) })}</p>
      ${approval.conversationId && html`<button class="btn btn-ghost approval-open" type="button" onClick=${openIt}>${t('approvals.openConversation')}</button>`}
      <form class="stack approval-decide" novalidate onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
        <label for=${`approval-note-${id}`}>${t('approvals.note')}</label>
        <textarea id=${`approval-note-${id}`} class="approval-note" rows="2" maxlength="1000" ref=${note}></textarea>
        ${
          askDue &&
          html`<label for=${`approval-due-${id}`}>${t('approvals.newDue')}</label>
          <input id=${`approval-due-${id}`} class="approval-due" type="datetime-local" required ref=${due} />`
        }
        <p class="error approval-error" role="alert">${error}</p>
        <div class="approval-actions">
          <button class="btn btn-primary approval-approve" type="button" disabled=${busy} onClick=${() => void decide('approve')}>${t('approvals.approve')}</button>
          <button class="btn btn-danger approval-refuse" type="button" disabled=${busy} onClick=${() => void decide('refuse')}>${t('approvals.refuse')}</button>
        </div>
      </form>
    </li>
  `;
}
