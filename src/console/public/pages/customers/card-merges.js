// @ts-check
// Supervisors' part of the card: merge another card into this one by its id, and the merges the
// card took part in, each with an undo until it is undone.

import { html, useEffect, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { when } from '../../console-labels.js';

/** @typedef {import('./customer-wire.js').Merge} Merge */

/**
 * @param {{ customerId: string, opened: number, onMerge: (keptId: string, otherId: string) => Promise<void>,
 *   onOpen: (id: string) => Promise<void>, toast: (text: string) => void }} props
 *   `opened` changes each time the card is opened (after a merge or an undo too): the list is read again.
 */
export function CardMerges({ customerId, opened, onMerge, onOpen, toast }) {
  // Kept with the card they belong to: another card's list is never shown as this one's.
  const [loaded, setLoaded] = useState(/** @type {{ customerId: string, merges: Merge[] } | null} */ (null));
  const merges = loaded?.customerId === customerId ? loaded.merges : null;

  useEffect(() => {
    let current = true;
    api('GET', `/api/staff/customers/${encodeURIComponent(customerId)}/merges`).then(
      (/** @type {{ merges: Merge[] }} */ body) => current && setLoaded({ customerId, merges: body.merges }),
      (/** @type {Error} */ error) => toast(error.message),
    );
    return () => {
      current = false;
    };
  }, [customerId, opened]);

  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const otherId = String(new FormData(form).get('otherId') ?? '').trim();
    if (otherId) void onMerge(customerId, otherId).then(() => form.reset());
  };

  /** @param {string} mergeId */
  const undo = async (mergeId) => {
    if (!window.confirm(t('customers.merge.confirmUndo'))) return;
    try {
      await api('POST', `/api/staff/merges/${encodeURIComponent(mergeId)}/undo`, {});
      toast(t('customers.merge.undoneToast'));
      await onOpen(customerId);
    } catch (error) {
      toast(/** @type {Error} */ (error).message);
    }
  };

  return html`
    <section id="merges">
      <h3>${t('customers.merge.title')}</h3>
      <form id="merge-form" class="jobs-bar" novalidate onSubmit=${submit}>
        <label><span>${t('customers.merge.other')}</span> <input id="merge-other" name="otherId" maxlength="100" autocomplete="off" /></label>
        <button id="merge-submit" class="btn" type="submit">${t('customers.merge.submit')}</button>
      </form>
      <ul id="merge-list" class="contacts">
        ${(merges ?? []).map(
          (m) => html`<li key=${m.id} data-id=${m.id}>
            <span>${m.keptId === customerId ? t('customers.merge.in', { id: m.mergedId }) : t('customers.merge.out', { id: m.keptId })}</span>
            <span class="muted small">${` · ${when(m.createdAt)}${m.undoneAt ? ` · ${t('customers.merge.undone')}` : ''}`}</span>
            ${!m.undoneAt && html`<button class="btn btn-ghost merge-undo" type="button" onClick=${() => void undo(m.id)}>${t('customers.merge.undo')}</button>`}
          </li>`,
        )}
      </ul>
      ${merges?.length === 0 && html`<p id="merge-empty" class="muted small">${t('customers.merge.none')}</p>`}
    </section>
  `;
}
