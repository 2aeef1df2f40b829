// @ts-check
// A commitment on a case (refund, replacement, …, with an amount for refunds and vouchers): the
// server checks the tier's cap and plans the revisit.

import { html, useRef, useState } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { when } from '../console-labels.js';
import { loadConversation } from '../state/conversation.js';
import { getState } from '../state/console-store.js';
import { rememberApproval } from '../state/approvals.js';
import { FormResult, useSubmit } from './form-result.js';
import { dueFrom } from './due-date.js';

const KINDS = ['refund', 'replacement', 'repair', 'reship', 'voucher', 'apology', 'investigation', 'callback'];
const AMOUNT_KINDS = ['refund', 'voucher'];

/** @param {{ conversationId: string, caseId: string }} props */
export function CommitmentForm({ conversationId, caseId }) {
  const [kind, setKind] = useState('refund');
  const form = useRef(/** @type {HTMLFormElement | null} */ (null));
  const { busy, result, run } = useSubmit();
  const needsAmount = AMOUNT_KINDS.includes(kind);

  /** @param {Event} event */
  function submit(event) {
    event.preventDefault();
    if (!caseId || !form.current) return;
    const fields = form.current.elements;
    const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (fields.namedItem(name)).value;
    void run(async () => {
      /** @type {Record<string, unknown>} */
      const body = { kind, description: value('description').trim(), dueAt: dueFrom(value('dueAt')) };
      const amount = Number(value('amount'));
      if (needsAmount && amount > 0) body.amountCents = Math.round(amount * 100);
      const result = await api('POST', `/api/staff/cases/${encodeURIComponent(caseId)}/commitments`, body);
      if (result.approval) rememberApproval(result.approval);
      for (const name of ['description', 'dueAt', 'amount']) /** @type {HTMLInputElement} */ (fields.namedItem(name)).value = '';
      if (getState().openId === conversationId) await loadConversation(conversationId);
      // 202: an agent above the tier's cap; nothing is recorded until a supervisor approves.
      return result.revisit ? t('commitmentRecorded', { time: when(result.revisit.dueAt) }) : t('commitmentAwaitsApproval');
    });
  }

  return html`
    <form id="commitment-form" class="stack" novalidate ref=${form} onSubmit=${submit}>
      <h4>${t('commitmentTitle')}</h4>
      <label for="cm-kind">${t('commitmentKind')}</label>
      <select id="cm-kind" value=${kind} onChange=${(/** @type {Event} */ e) => setKind(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
        ${KINDS.map((k) => html`<option value=${k}>${t(`kind.${k}`)}</option>`)}
      </select>
      <label for="cm-desc">${t('commitmentDesc')}</label>
      <input id="cm-desc" name="description" type="text" maxlength="1000" autocomplete="off" required />
      <label for="cm-due">${t('dueAt')}</label>
      <input id="cm-due" name="dueAt" type="datetime-local" required />
      <div id="cm-amount-wrap" class="stack" hidden=${!needsAmount}>
        <label for="cm-amount">${t('amount')}</label>
        <input id="cm-amount" name="amount" type="number" min="0.01" step="0.01" inputmode="decimal" required=${needsAmount} />
      </div>
      <${FormResult} id="commitment-error" result=${result} />
      <button id="cm-submit" class="btn" type="submit" disabled=${busy}>${t('commitmentAdd')}</button>
    </form>
  `;
}
