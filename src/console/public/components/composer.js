// @ts-check
// The reply box: Enter sends, Shift+Enter starts a new line; only the person holding the
// conversation may write to the customer. Canned replies come from the select or from `/` typed at
// the start of a word (a list filtered by what follows), inserted at the cursor with their
// variables filled. The private-note switch turns the box into a note for staff: Enter adds it to
// the notes, nothing reaches the customer, and anyone may write one.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { cannedVariables, fillCanned } from '../state/canned-text.js';
import { insertAtCursor, matchCanned, slashQuery } from '../state/canned-picker.js';
import { holdsIt, sendReply } from '../state/conversation.js';
import { update } from '../state/console-store.js';
import { addNote } from '../state/notes.js';
import { showToast } from '../state/toast.js';
import { CannedPicker, PICKER_ID, PICKER_SHOWN, optionId } from './canned-picker.js';

/** @typedef {import('../state/canned-picker.js').CannedReply} CannedReply */

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function Composer({ state }) {
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const [sending, setSending] = useState(false);
  const [privateNote, setPrivateNote] = useState(false);
  const [slash, setSlash] = useState(/** @type {import('../state/canned-picker.js').SlashQuery | null} */ (null));
  const [active, setActive] = useState(0);
  // Escape closes the list for this `/` until another one is typed.
  const dismissedAt = useRef(-1);
  const mine = holdsIt();
  const writable = mine || privateNote;

  // The replies go out in the customer's language; their titles are matched in the staff member's too.
  const customerLang = state.detail?.conversation?.language === 'zh' ? 'zh' : 'en';
  const replies = state.cannedByLang[customerLang] ?? [];
  const found = slash ? matchCanned(replies, slash.query, state.canned) : [];
  const matches = found.slice(0, PICKER_SHOWN);
  const picking = slash !== null && matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  // A takeover asks for the focus (composerFocus counts the asks); opening the box does not.
  const asked = useRef(state.composerFocus);
  useEffect(() => {
    if (state.composerFocus === asked.current) return;
    asked.current = state.composerFocus;
    input.current?.focus();
  }, [state.composerFocus]);

  /** @param {CannedReply} reply */
  const filled = (reply) => fillCanned(reply.text, cannedVariables(state.detail, state.me));
  /** @param {CannedReply} reply */
  const titleOf = (reply) => state.canned.find((r) => r.id === reply.id)?.title ?? reply.title;

  /** Reads the `/query` at the cursor again (after typing, a click, a cursor move). */
  function followCursor() {
    const box = input.current;
    const found = box && box.selectionStart === box.selectionEnd ? slashQuery(box.value, box.selectionStart) : null;
    if (!found) dismissedAt.current = -1;
    const shown = found && found.start !== dismissedAt.current ? found : null;
    if (shown?.query !== slash?.query || shown?.start !== slash?.start) setActive(0);
    setSlash(shown);
  }

  /**
   * Puts `text` in place of [start, end) and the cursor right after it.
   * @param {string} text @param {number} start @param {number} end
   */
  function place(text, start, end) {
    const box = input.current;
    if (!box) return;
    const next = insertAtCursor(box.value, start, end, text);
    box.value = next.text;
    box.focus();
    box.setSelectionRange(next.cursor, next.cursor);
    setSlash(null);
  }

  /** @param {CannedReply} reply */
  function pick(reply) {
    const box = input.current;
    const at = box ? slashQuery(box.value, box.selectionStart) : null;
    if (!box || !at) return;
    place(filled(reply), at.start, at.end);
  }

  async function send() {
    const box = input.current;
    const text = box?.value.trim() ?? '';
    const id = state.openId;
    if (!box || !text || !id || !writable || sending) return;
    setSending(true);
    // Cleared at once, as chat apps do; a send that fails puts the text back unless something new was typed.
    box.value = '';
    const sent = privateNote ? await saveNote(id, text) : await sendReply(text);
    if (!sent && !box.value) box.value = text;
    setSending(false);
    setSlash(null);
    box.focus();
  }

  /** @param {Event} event */
  function insertCanned(event) {
    const select = /** @type {HTMLSelectElement} */ (event.currentTarget);
    const reply = state.canned.find((r) => r.id === select.value);
    select.value = '';
    const box = input.current;
    if (!reply || !box) return;
    place(fillCanned(reply.text, cannedVariables(state.detail, state.me)), box.selectionStart, box.selectionEnd);
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (picking) {
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step) {
        event.preventDefault();
        setActive((activeIndex + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey && !event.isComposing) || event.key === 'Tab') {
        event.preventDefault();
        const reply = matches[activeIndex];
        if (reply) pick(reply);
        return;
      }
    }
    if (slash && event.key === 'Escape') {
      // Closes the list only: the conversation (and any page-wide Escape) stays as it is.
      event.preventDefault();
      event.stopPropagation();
      dismissedAt.current = slash.start;
      setSlash(null);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  const placeholder = privateNote ? t('privatePlaceholder') : mine ? t('replyPlaceholder') : t('replyDisabled');
  return html`
    <form
      id="reply-form"
      class=${privateNote ? 'composer is-private' : 'composer'}
      data-mode=${privateNote ? 'note' : 'reply'}
      onSubmit=${(/** @type {Event} */ event) => {
        event.preventDefault();
        void send();
      }}
    >
      <p id="reply-error" class="error" role="alert">${state.replyError}</p>
      ${slash && html`<${CannedPicker} matches=${matches} more=${found.length - matches.length} active=${activeIndex} query=${slash.query} titleOf=${titleOf} textOf=${filled} onPick=${pick} />`}
      <div class="composer-tools">
        <button
          id="reply-private"
          class=${privateNote ? 'btn btn-ghost private-toggle is-on' : 'btn btn-ghost private-toggle'}
          type="button"
          aria-pressed=${String(privateNote)}
          title=${t('privateToggleHint')}
          onClick=${() => {
            setPrivateNote(!privateNote);
            update({ replyError: '' });
            input.current?.focus();
          }}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></svg>
          <span>${t('privateToggle')}</span>
        </button>
        <span id="reply-mode" class=${privateNote ? 'reply-mode is-private small' : 'reply-mode small'}>${privateNote ? t('privateModeOn') : t('cannedSlashHint')}</span>
      </div>
      <div class="composer-row">
        <label for="canned" class="sr-only">${t('cannedLabel')}</label>
        <select id="canned" class="canned" disabled=${!writable} onChange=${insertCanned}>
          <option value="">${t('canned')}</option>
          ${state.canned.map((reply) => html`<option key=${reply.id} value=${reply.id}>${reply.title}</option>`)}
        </select>
        <label for="reply-input" class="sr-only">${privateNote ? t('privateLabel') : t('replyLabel')}</label>
        <textarea
          id="reply-input"
          rows="2"
          maxlength="4000"
          disabled=${!writable}
          placeholder=${placeholder}
          aria-autocomplete="list"
          aria-controls=${slash ? PICKER_ID : undefined}
          aria-activedescendant=${picking && matches[activeIndex] ? optionId(/** @type {CannedReply} */ (matches[activeIndex]).id) : undefined}
          ref=${input}
          onKeyDown=${onKey}
          onInput=${followCursor}
          onClick=${followCursor}
          onKeyUp=${(/** @type {KeyboardEvent} */ event) => {
            if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') followCursor();
          }}
          onBlur=${() => setSlash(null)}
        ></textarea>
        <button id="reply-send" class="btn btn-primary send" type="submit" disabled=${!writable || sending}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M22 2 11 13" /><path d="M22 2 15 22l-4-9-9-4 20-7Z" /></svg>
          <span>${privateNote ? t('noteAdd') : t('send')}</span>
        </button>
      </div>
    </form>
  `;
}

/**
 * Adds the box's text as a private note; true when the server took it.
 * @param {string} conversationId @param {string} text
 */
async function saveNote(conversationId, text) {
  update({ replyError: '' });
  try {
    await addNote(conversationId, text);
    showToast(t('privateNoteAdded'));
    return true;
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status !== 401) update({ replyError: /** @type {Error} */ (error).message });
    return false;
  }
}
