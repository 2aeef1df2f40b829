// @ts-check
// The list the composer opens on `/`: canned replies matching what follows, each with its title in
// the staff member's language and the start of the text the customer would read. The composer keeps
// the focus and the keys (arrows, Enter or Tab, Escape); a click picks too. The first few matches
// show and the rest are counted, so the list never scrolls out of the keyboard's reach.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';

export const PICKER_ID = 'canned-picker';
/** How many matches the list shows; typing more narrows it. */
export const PICKER_SHOWN = 6;
/** The id of a reply's option, for the composer's aria-activedescendant. */
export const optionId = (/** @type {string} */ replyId) => `canned-opt-${replyId}`;

/**
 * @param {{
 *   matches: import('../state/canned-picker.js').CannedReply[],
 *   active: number,
 *   titleOf: (reply: import('../state/canned-picker.js').CannedReply) => string,
 *   textOf: (reply: import('../state/canned-picker.js').CannedReply) => string,
 *   more: number,
 *   query: string,
 *   onPick: (reply: import('../state/canned-picker.js').CannedReply) => void,
 * }} props
 */
export function CannedPicker({ matches, active, titleOf, textOf, more, query, onPick }) {
  if (matches.length === 0) return html`<div class="canned-picker"><p id=${PICKER_ID} class="canned-none small" role="status">${t('cannedNoMatch', { query })}</p></div>`;
  return html`
    <div class="canned-picker">
      <ul id=${PICKER_ID} class="canned-options" role="listbox" aria-label=${t('cannedPickerLabel')}>
        ${matches.map(
          (reply, i) => html`<li
            key=${reply.id}
            id=${optionId(reply.id)}
            class="canned-option"
            role="option"
            aria-selected=${String(i === active)}
            data-canned-id=${reply.id}
            onMouseDown=${(/** @type {MouseEvent} */ event) => {
              // Keep the focus (and the cursor) in the reply box.
              event.preventDefault();
              onPick(reply);
            }}
          >
            <strong class="canned-title">${titleOf(reply)}</strong>
            <span class="canned-text small">${textOf(reply)}</span>
          </li>`,
        )}
      </ul>
      ${more > 0 && html`<p class="canned-more small">${t('cannedMore', { n: more })}</p>`}
    </div>
  `;
}
