// @ts-check
// Private notes on the conversation: staff only, never shown to the customer; a colleague's appear
// live (state/notes.js).

import { html, useRef } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { when } from '../console-labels.js';
import { addNote } from '../state/notes.js';
import { FormResult, useSubmit } from './form-result.js';

/** @param {{ conversationId: string, notes: { id: string, text: string, staff: { name: string }, createdAt: string }[] }} props */
export function NotesPanel({ conversationId, notes }) {
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const { busy, result, run } = useSubmit();

  /** @param {Event} event */
  function add(event) {
    event.preventDefault();
    const text = input.current?.value.trim() ?? '';
    if (!text) return;
    void run(async () => {
      await addNote(conversationId, text);
      if (input.current) input.current.value = '';
    });
  }

  return html`
    <section class="card notes-card" aria-labelledby="notes-title">
      <h3 id="notes-title">${t('notes')}</h3>
      <p class="private-flag small">${t('notesPrivate')}</p>
      <ul id="notes" class="notes">
        ${
          notes.length === 0
            ? html`<li class="muted small">${t('noNotes')}</li>`
            : notes.map(
                (note) => html`<li key=${note.id} class="note" data-note-id=${note.id}>
                <div class="contact-head"><strong class="small">${note.staff.name}</strong><time class="muted small" datetime=${note.createdAt}>${when(note.createdAt)}</time></div>
                <div class="note-text small">${note.text}</div>
              </li>`,
              )
        }
      </ul>
      <form id="note-form" class="stack" novalidate onSubmit=${add}>
        <label for="note-input" class="sr-only">${t('noteLabel')}</label>
        <textarea id="note-input" rows="2" maxlength="4000" placeholder=${t('notePlaceholder')} ref=${input}></textarea>
        <${FormResult} id="note-error" result=${result} />
        <button id="note-add" class="btn" type="submit" disabled=${busy}>${t('noteAdd')}</button>
      </form>
    </section>
  `;
}
