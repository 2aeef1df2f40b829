// @ts-check
// The open conversation's labels in its header: each as a chip staff can remove, and a box to add
// one (suggested from the labels in use). Saved at once (PUT, the whole set); the server's
// refusal (a label it does not take) shows under the box in its own words.

import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { labelsOf, saveLabels } from '../state/labels.js';
import { FormResult, useSubmit } from './form-result.js';

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function ConversationLabels({ state }) {
  const { conversation } = state.detail;
  const labels = labelsOf(state, conversation.id);
  const [text, setText] = useState('');
  const { busy, result, run, setResult } = useSubmit();

  useEffect(() => {
    setText('');
    setResult({ text: '', ok: false });
  }, [conversation.id]);

  /** @param {string[]} next */
  async function save(next) {
    const saved = await run(async () => {
      await saveLabels(conversation.id, next);
    });
    if (saved) setText('');
    return saved;
  }

  /** @param {Event} event */
  function add(event) {
    event.preventDefault();
    const label = text.trim();
    if (!label) return;
    void save([...labels, label]);
  }

  const suggestions = state.labelsInUse.map((l) => l.label).filter((l) => !labels.includes(l));
  return html`
    <div class="conv-labels" role="group" aria-label=${t('labels.title')}>
      <ul id="conv-labels" class="label-list">
        ${labels.map(
          (label) => html`<li key=${label} class="chip label-chip">
            <span>${label}</span>
            <button type="button" class="label-remove" aria-label=${t('labels.remove', { label })} title=${t('labels.remove', { label })} disabled=${busy}
              onClick=${() => void save(labels.filter((l) => l !== label))}>×</button>
          </li>`,
        )}
      </ul>
      <form class="label-add" onSubmit=${add}>
        <label for="label-input" class="sr-only">${t('labels.input')}</label>
        <input id="label-input" list="label-suggestions" value=${text} placeholder=${t('labels.placeholder')} maxlength="64" autocomplete="off"
          onInput=${(/** @type {Event} */ event) => setText(/** @type {HTMLInputElement} */ (event.currentTarget).value)} />
        <datalist id="label-suggestions">${suggestions.map((l) => html`<option key=${l} value=${l} />`)}</datalist>
        <button id="label-add" class="btn btn-small" type="submit" disabled=${busy || !text.trim()}>${t('labels.add')}</button>
      </form>
      <${FormResult} id="label-error" result=${result.ok ? result : { text: result.text && t('labels.failed', { message: result.text }), ok: false }} />
    </div>
  `;
}
