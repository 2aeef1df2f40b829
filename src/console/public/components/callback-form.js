// @ts-check
// A callback promised to the customer: when, and a note for whoever makes it.

import { html, useRef } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { when } from '../console-labels.js';
import { loadConversation } from '../state/conversation.js';
import { getState } from '../state/console-store.js';
import { FormResult, useSubmit } from './form-result.js';
import { dueFrom } from './due-date.js';

/** @param {{ conversationId: string }} props */
export function CallbackForm({ conversationId }) {
  const due = useRef(/** @type {HTMLInputElement | null} */ (null));
  const note = useRef(/** @type {HTMLInputElement | null} */ (null));
  const { busy, result, run } = useSubmit();

  /** @param {Event} event */
  function submit(event) {
    event.preventDefault();
    void run(async () => {
      const text = note.current?.value.trim() ?? '';
      const body = { dueAt: dueFrom(due.current?.value ?? ''), ...(text ? { note: text } : {}) };
      const result = await api('POST', `/api/staff/conversations/${encodeURIComponent(conversationId)}/callbacks`, body);
      if (due.current) due.current.value = '';
      if (note.current) note.current.value = '';
      if (getState().openId === conversationId) await loadConversation(conversationId);
      return t('callbackScheduled', { time: when(result.followUp.dueAt) });
    });
  }

  return html`
    <form id="callback-form" class="stack case-work" novalidate onSubmit=${submit}>
      <h4>${t('callbackTitle')}</h4>
      <label for="cb-due">${t('dueAt')}</label>
      <input id="cb-due" type="datetime-local" required ref=${due} />
      <label for="cb-note">${t('callbackNote')}</label>
      <input id="cb-note" type="text" maxlength="4000" autocomplete="off" ref=${note} />
      <${FormResult} id="callback-error" result=${result} />
      <button id="cb-submit" class="btn" type="submit" disabled=${busy}>${t('callbackAdd')}</button>
    </form>
  `;
}
