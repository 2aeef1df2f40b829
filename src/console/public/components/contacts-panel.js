// @ts-check
// The customer's contact log: every time someone was in touch, why, how and with what outcome.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, when } from '../console-labels.js';

/** @param {{ contacts: { id: string, kind: string, channel: string, summary: string, outcome: string | null, createdAt: string }[] }} props */
export function ContactsPanel({ contacts }) {
  return html`
    <section class="card">
      <h3>${t('contacts')}</h3>
      <ul id="contacts" class="contacts">
        ${
          contacts.length === 0
            ? html`<li class="muted">${t('noContacts')}</li>`
            : contacts.map(
                (c) => html`<li key=${c.id}>
                <div class="contact-head"><strong>${c.kind}</strong><span class="muted small">${`${channelLabel(c.channel)} · ${when(c.createdAt)}`}</span></div>
                <div class="small">${c.summary}</div>
                ${c.outcome && html`<div class="muted small">${c.outcome}</div>`}
              </li>`,
              )
        }
      </ul>
    </section>
  `;
}
