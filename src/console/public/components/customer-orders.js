// @ts-check
// The orders on the customer's card: those on file (number, status, amount, date, items) and the
// numbers their cases mention that are not on file, marked so staff check them.

import { html } from '../vendor/preact-htm.js';
import { locale, t } from '../../assets/kit/i18n.js';
import { formatMoney } from '../../assets/kit/format.js';
import { when } from '../console-labels.js';

/**
 * @typedef {{ number: string, status: string, amountCents: number, currency: string, placedAt: string, items: string, source: string }} Order
 * @param {{ orders: Order[], mentioned: { number: string, caseId: string }[] }} props
 */
export function CustomerOrders({ orders, mentioned }) {
  return html`
    <div class="orders">
      <h4 id="pf-orders-title">${t('ordersTitle')}</h4>
      <ul id="pf-orders" class="order-list" aria-labelledby="pf-orders-title">
        ${orders.length === 0 && mentioned.length === 0 && html`<li class="muted small">${t('ordersNone')}</li>`}
        ${orders.map(
          (o) => html`<li key=${o.number} class="order small" data-order-number=${o.number} data-on-file="true">
            <span class="order-head"><strong>${o.number}</strong><span class="chip">${o.status}</span></span>
            <span class="muted">${`${formatMoney(o.amountCents, o.currency, locale())} · ${when(o.placedAt)} · ${o.items}`}</span>
          </li>`,
        )}
        ${mentioned.map(
          (m) => html`<li key=${`m-${m.number}`} class="order small not-on-file" data-order-number=${m.number} data-on-file="false">
            <span class="order-head"><strong>${m.number}</strong><span class="chip warn-chip">${t('orderNotOnFile')}</span></span>
            <span class="muted">${t('orderMentioned')}</span>
          </li>`,
        )}
      </ul>
    </div>
  `;
}
