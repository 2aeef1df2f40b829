// @ts-check
// The card's contact log: every time someone was in touch (a conversation, a callback, a call or a
// visit staff recorded), newest first, fifty at a time.

import { html, useEffect, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { when } from '../../console-labels.js';
import { contactChannelLabel, contactKindLabel } from './customer-labels.js';

const LOG_PAGE_SIZE = 50;

/** @typedef {import('./customer-wire.js').Contact} Contact */

/**
 * The log of a card, loaded again from its first page each time the card is opened; more() adds
 * the next page, reload() starts over (after a contact is recorded).
 * @param {string} customerId
 * @param {number} opened changes each time the card is opened
 * @param {(text: string) => void} toast
 */
export function useContactLog(customerId, opened, toast) {
  const [log, setLog] = useState(/** @type {{ contacts: Contact[], total: number, page: number }} */ ({ contacts: [], total: 0, page: 0 }));
  // The card shown now: a page that arrives after another card was opened is dropped.
  const shown = useRef(customerId);
  shown.current = customerId;

  /** @param {number} page */
  const load = async (page) => {
    /** @type {{ contacts: Contact[], total: number }} */
    const body = await api('GET', `/api/staff/customers/${encodeURIComponent(customerId)}/contacts?page=${page}&pageSize=${LOG_PAGE_SIZE}`);
    if (shown.current !== customerId) return;
    setLog((before) => ({ contacts: page === 1 ? body.contacts : [...before.contacts, ...body.contacts], total: body.total, page }));
  };
  const loadOrSay = (/** @type {number} */ page) => load(page).catch((/** @type {Error} */ error) => toast(error.message));

  useEffect(() => {
    setLog({ contacts: [], total: 0, page: 0 });
    void loadOrSay(1);
  }, [customerId, opened]);

  return { ...log, more: () => loadOrSay(log.page + 1), reload: () => loadOrSay(1) };
}

/** @param {{ contacts: Contact[], total: number, onMore: () => void }} props */
export function ContactLog({ contacts, total, onMore }) {
  return html`
    <ul id="log" class="contacts">
      ${contacts.map(
        (c) => html`<li key=${c.id} data-id=${c.id} data-kind=${c.kind}>
          <div class="contact-head">
            <strong>${contactKindLabel(c.kind)}</strong>
            <span class="muted small">${`${contactChannelLabel(c.channel)} · ${when(c.createdAt)}${c.staff ? ` · ${c.staff.name}` : ''}`}</span>
          </div>
          <div>${c.summary}</div>
          ${c.outcome && html`<div class="muted small">${`${t('customers.log.outcome')}: ${c.outcome}`}</div>`}
          ${c.impressions && html`<div class="muted small">${`${t('customers.log.impressions')}: ${c.impressions}`}</div>`}
        </li>`,
      )}
    </ul>
    ${contacts.length === 0 && html`<p id="log-empty" class="muted">${t('customers.log.empty')}</p>`}
    ${contacts.length < total && html`<button id="log-more" class="btn" type="button" onClick=${onMore}>${t('customers.log.more')}</button>`}
  `;
}
