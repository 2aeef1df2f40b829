// @ts-check
// The shortcuts' help, opened with `?`: each key and what it does, in the console's language.
// A modal dialog: Escape or the button closes it and the focus goes back where it was.

import { html } from '../vendor/preact-htm.js';
import { useModal } from './use-modal.js';
import { t } from '../../assets/kit/i18n.js';
import { update } from '../state/console-store.js';
import { SHORTCUTS } from '../state/console-keys.js';

/** "Alt+↓" as <kbd>Alt</kbd>+<kbd>↓</kbd>. */
const keyCaps = (/** @type {string} */ keys) => keys.split('+').map((cap, i) => html`${i > 0 ? '+' : ''}<kbd>${cap}</kbd>`);

export function KeyboardHelp(/** @type {{ open: boolean }} */ { open }) {
  const dialog = useModal(open);
  const close = () => update({ helpOpen: false });
  return html`
    <dialog id="keys-help" class="card keys-help" aria-labelledby="keys-title" aria-describedby="keys-hint" ref=${dialog} onClose=${close}>
      <h2 id="keys-title">${t('keys.title')}</h2>
      <p id="keys-hint" class="muted small">${t('keys.hint')}</p>
      <dl class="keys-list">
        ${SHORTCUTS.map(
          ({ keys, action }) => html`<div class="keys-row" data-action=${action}>
            <dt>${keys.map((k, i) => html`${i > 0 ? html` <span class="muted small">${t('keys.or')}</span> ` : ''}${keyCaps(k)}`)}</dt>
            <dd>${t(`keys.${action}`)}</dd>
          </div>`,
        )}
      </dl>
      <button id="keys-close" class="btn" type="button" onClick=${close}>${t('keys.dismiss')}</button>
    </dialog>
  `;
}
