// @ts-check
// The profile card opened from the list: its four parts, the fields due for review with a
// "checked: all still right", the merges (supervisors) and the contact log with its form.

import { html, useEffect, useRef } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { CardParts } from './card-parts.js';
import { CardMerges } from './card-merges.js';
import { ContactForm } from './contact-form.js';
import { ContactLog, useContactLog } from './contact-log.js';

/** @typedef {import('./customer-wire.js').CustomerCard} CustomerCard */

/**
 * @param {{ card: CustomerCard, opened: number, canMerge: boolean, toast: (text: string) => void,
 *   onChange: (card: CustomerCard) => void, onClose: () => void, onOpen: (id: string) => Promise<void>,
 *   onMerge: (keptId: string, otherId: string) => Promise<void> }} props
 *   `opened` changes each time a card is opened (again): the card scrolls into view and its log and
 *   merges are read again; onChange takes the card as saved (no reload).
 */
export function CustomerCard({ card, opened, canMerge, toast, onChange, onClose, onOpen, onMerge }) {
  const section = useRef(/** @type {HTMLElement | null} */ (null));
  const log = useContactLog(card.id, opened, toast);
  useEffect(() => section.current?.scrollIntoView({ block: 'start' }), [opened]);

  const confirmStale = async () => {
    try {
      /** @type {{ customer: CustomerCard }} */
      const body = await api('PATCH', `/api/staff/customers/${encodeURIComponent(card.id)}`, { confirmFields: card.staleFields });
      onChange(body.customer);
      toast(t('customers.card.confirmed'));
    } catch (error) {
      toast(/** @type {Error} */ (error).message);
    }
  };

  const stale = card.staleFields.map((field) => t(`customers.field.${field}`));
  return html`
    <section id="card" class="card customer-card" aria-labelledby="card-title" ref=${section}>
      <div class="jobs-bar">
        <h2 id="card-title">${card.name || t('anonymous')}</h2>
        <button id="card-close" class="btn btn-ghost" type="button" onClick=${onClose}>${t('customers.card.close')}</button>
      </div>
      ${stale.length > 0 && html`<${StaleNote} fields=${stale} onConfirm=${() => void confirmStale()} />`}
      <${CardParts} card=${card} />
      ${canMerge && html`<${CardMerges} customerId=${card.id} opened=${opened} onMerge=${onMerge} onOpen=${onOpen} toast=${toast} />`}
      <h3>${t('customers.log.title')}</h3>
      <${ContactForm} customerId=${card.id} onRecorded=${log.reload} toast=${toast} />
      <${ContactLog} contacts=${log.contacts} total=${log.total} onMore=${log.more} />
    </section>
  `;
}

/** The fields not confirmed for long (or never), to check with the customer, and "all still right". */
function StaleNote(/** @type {{ fields: string[], onConfirm: () => void }} */ { fields, onConfirm }) {
  return html`
    <p id="stale-note" class="duplicate-hint">${t('customers.card.staleNote', { fields: fields.join(', ') })}</p>
    <button id="confirm-stale" class="btn" type="button" onClick=${onConfirm}>${t('customers.card.confirmStale')}</button>
  `;
}
