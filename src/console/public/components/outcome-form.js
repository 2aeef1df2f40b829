// @ts-check
// A case's outcome: agreed, fulfilled, closed or reopened, with a line of text.

import { html, useRef } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { loadConversation } from '../state/conversation.js';
import { getState } from '../state/console-store.js';
import { FormResult, useSubmit } from './form-result.js';

const OUTCOMES = ['agreed', 'fulfilled', 'closed', 'reopened'];

/** @param {{ conversationId: string, caseId: string }} props */
export function OutcomeForm({ conversationId, caseId }) {
  const status = useRef(/** @type {HTMLSelectElement | null} */ (null));
  const text = useRef(/** @type {HTMLInputElement | null} */ (null));
  const { busy, result, run } = useSubmit();

  /** @param {Event} event */
  function submit(event) {
    event.preventDefault();
    if (!caseId) return;
    const chosen = status.current?.value ?? 'agreed';
    const outcome = text.current?.value.trim() ?? '';
    void run(async () => {
      await api('POST', `/api/staff/cases/${encodeURIComponent(caseId)}/outcome`, { status: chosen, ...(outcome ? { outcome } : {}) });
      if (text.current) text.current.value = '';
      if (getState().openId === conversationId) await loadConversation(conversationId);
      return t('outcomeSaved', { status: t(`outcome.${chosen}`) });
    });
  }

  return html`
    <form id="outcome-form" class="stack" novalidate onSubmit=${submit}>
      <h4>${t('outcomeTitle')}</h4>
      <label for="outcome-select">${t('outcomeStatus')}</label>
      <select id="outcome-select" ref=${status}>
        ${OUTCOMES.map((o) => html`<option value=${o}>${t(`outcome.${o}`)}</option>`)}
      </select>
      <label for="outcome-text">${t('outcomeText')}</label>
      <input id="outcome-text" type="text" maxlength="1000" autocomplete="off" ref=${text} />
      <${FormResult} id="outcome-error" result=${result} />
      <button id="outcome-submit" class="btn" type="submit" disabled=${busy}>${t('outcomeSet')}</button>
    </form>
  `;
}
