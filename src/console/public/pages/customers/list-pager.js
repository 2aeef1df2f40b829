// @ts-check
// Previous and next below the customer list, with "page n of m".

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';

/** @param {{ page: number, pages: number, onPage: (page: number) => void }} props */
export function ListPager({ page, pages, onPage }) {
  return html`
    <div class="jobs-bar">
      <button id="prev" class="btn" type="button" disabled=${page <= 1} onClick=${() => onPage(page - 1)}>${t('customers.prev')}</button>
      <span id="page-info" class="muted small">${t('customers.page', { page, pages })}</span>
      <button id="next" class="btn" type="button" disabled=${page >= pages} onClick=${() => onPage(page + 1)}>${t('customers.next')}</button>
    </div>
  `;
}
