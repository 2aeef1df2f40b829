// @ts-check
// The customer's other conversations on every channel, newest first: when, where, how it ended and
// the last thing said; a click opens one in the console.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, when } from '../console-labels.js';
import { openConversation } from '../state/conversation.js';

/**
 * @typedef {{ id: string, channel: string, status: string, createdAt: string, closedAt: string | null,
 *   lastMessage: { text: string, author: string, at: string } | null }} PreviousConversation
 */

/** @param {{ conversations: PreviousConversation[] }} props */
export function PreviousConversations({ conversations }) {
  return html`
    <section class="card previous-card" aria-labelledby="previous-title">
      <h3 id="previous-title">${t('previousTitle', { n: conversations.length })}</h3>
      <ul id="previous-conversations" class="previous">
        ${
          conversations.length === 0
            ? html`<li class="muted small">${t('previousNone')}</li>`
            : conversations.map(
                (c) => html`<li key=${c.id}>
                <button type="button" class="previous-open" data-conversation-id=${c.id} onClick=${() => void openConversation(c.id)}>
                  <span class="contact-head">
                    <strong class="small">${channelLabel(c.channel)} · ${when(c.createdAt)}</strong>
                    <span class="status-pill small" data-status=${c.status}>${t(`status.${c.status}`)}</span>
                  </span>
                  <span class="previous-last small">${c.lastMessage ? `${t(`author.${c.lastMessage.author}`)}: ${c.lastMessage.text}` : t('previousEmpty')}</span>
                </button>
              </li>`,
              )
        }
      </ul>
    </section>
  `;
}
