// @ts-check
// The reply box: canned replies (variables filled, added at the end), Enter sends, Shift+Enter
// starts a new line; only the person holding the conversation may write.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { cannedVariables, fillCanned } from '../state/canned-text.js';
import { holdsIt, sendReply } from '../state/conversation.js';

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function Composer({ state }) {
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const [sending, setSending] = useState(false);
  const mine = holdsIt();

  // A takeover asks for the focus (composerFocus counts the asks); opening the box does not.
  const asked = useRef(state.composerFocus);
  useEffect(() => {
    if (state.composerFocus === asked.current) return;
    asked.current = state.composerFocus;
    input.current?.focus();
  }, [state.composerFocus]);

  async function send() {
    const box = input.current;
    const text = box?.value.trim() ?? '';
    if (!box || !text || !mine || sending) return;
    setSending(true);
    if (await sendReply(text)) box.value = '';
    setSending(false);
    box.focus();
  }

  /** @param {Event} event */
  function insertCanned(event) {
    const select = /** @type {HTMLSelectElement} */ (event.currentTarget);
    const reply = state.canned.find((r) => r.id === select.value);
    select.value = '';
    const box = input.current;
    if (!reply || !box) return;
    const text = fillCanned(reply.text, cannedVariables(state.detail, state.me));
    box.value = box.value ? `${box.value.trimEnd()} ${text}` : text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return html`
    <form
      id="reply-form"
      class="composer"
      onSubmit=${(/** @type {Event} */ event) => {
        event.preventDefault();
        void send();
      }}
    >
      <p id="reply-error" class="error" role="alert">${state.replyError}</p>
      <div class="composer-row">
        <label for="canned" class="sr-only">${t('cannedLabel')}</label>
        <select id="canned" class="canned" disabled=${!mine} onChange=${insertCanned}>
          <option value="">${t('canned')}</option>
          ${state.canned.map((reply) => html`<option key=${reply.id} value=${reply.id}>${reply.title}</option>`)}
        </select>
        <label for="reply-input" class="sr-only">${t('replyLabel')}</label>
        <textarea id="reply-input" rows="2" maxlength="4000" disabled=${!mine} placeholder=${mine ? t('replyPlaceholder') : t('replyDisabled')} ref=${input} onKeyDown=${onKey}></textarea>
        <button id="reply-send" class="btn btn-primary send" type="submit" disabled=${!mine || sending}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M22 2 11 13" /><path d="M22 2 15 22l-4-9-9-4 20-7Z" /></svg>
          <span>${t('send')}</span>
        </button>
      </div>
    </form>
  `;
}
