// @ts-check
// The customer list's rows: name (★ for a key account), phone, email, tier, lifecycle, loyalty,
// tags and last contact. A row opens the card, by click or by Enter.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { when } from '../../console-labels.js';
import { lifecycleLabel, loyaltyLabel } from './customer-labels.js';

/** @typedef {import('./customer-wire.js').CustomerRow} CustomerRow */

const COLUMNS = ['name', 'phone', 'email', 'tier', 'lifecycle', 'loyalty', 'tags', 'lastContact'];

/** @param {{ customers: CustomerRow[], onOpen: (id: string) => void }} props */
export function CustomerTable({ customers, onOpen }) {
  return html`
    <table class="jobs-table customers-table">
      <thead>
        <tr>
          ${COLUMNS.map((column) => html`<th key=${column}>${t(`customers.col.${column}`)}</th>`)}
        </tr>
      </thead>
      <tbody id="rows">
        ${customers.map((customer) => html`<${CustomerRowView} key=${customer.id} customer=${customer} onOpen=${onOpen} />`)}
      </tbody>
    </table>
  `;
}

/** @param {{ customer: CustomerRow, onOpen: (id: string) => void }} props */
function CustomerRowView({ customer: c, onOpen }) {
  /** @param {KeyboardEvent} event */
  const onKeyDown = (event) => {
    if (event.key === 'Enter') onOpen(c.id);
  };
  return html`
    <tr data-id=${c.id} class="customer-row" tabindex="0" title=${t('customers.open')} onClick=${() => onOpen(c.id)} onKeyDown=${onKeyDown}>
      <td><strong>${c.name || t('anonymous')}</strong>${c.isKey && html`<span class="badge key">${' ★'}</span>`}</td>
      <td>${c.phone ?? ''}</td>
      <td>${c.email ?? ''}</td>
      <td><span class=${`badge tier tier-${c.tier}`}>${c.tier}</span></td>
      <td>${lifecycleLabel(c.lifecycleStage)}</td>
      <td>${loyaltyLabel(c.loyalty)}</td>
      <td class="small">${c.tags.join(', ')}</td>
      <td class="small">${c.lastContactAt ? when(c.lastContactAt) : ''}</td>
    </tr>
  `;
}
