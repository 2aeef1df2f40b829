// @ts-check
// One follow-up: its kind, the customer (linked to the conversation it belongs to, when there is
// one), when it is due or was sent, its status, its tries, the note staff wrote and what went
// wrong, and Retry or Cancel where the status allows them.

import { html, useState } from '../../vendor/preact-htm.js';
import { locale, t } from '../../../assets/kit/i18n.js';

/**
 * @typedef {{ id: string, kind: string, status: string, dueAt: string, sentAt: string | null, missedAt: string | null, attempts: number,
 *   lastError: string | null, customer: { id: string, name: string | null, tier: string }, conversationId: string | null, note: string | null }} FollowUp
 * @typedef {'retry' | 'cancel'} FollowUpAction
 */

const RETRYABLE = ['failed', 'cancelled'];
/** From 'sending' on it is out of our hands. */
const CANCELLABLE = ['waiting', 'scheduled', 'queued', 'failed'];

/** @param {string} iso */
function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** @param {{ item: FollowUp, onAction: (id: string, action: FollowUpAction) => Promise<void> }} props */
export function FollowUpRow({ item, onAction }) {
  const status = item.missedAt ? 'missed' : item.status;
  return html`
    <tr data-id=${item.id}>
      <td>${t(`jobs.kind.${item.kind}`)}</td>
      <td><${CustomerName} item=${item} /></td>
      <td>${when(item.sentAt ?? item.dueAt)}</td>
      <td class=${`status status-${status}`} title=${t(`jobs.statusHelp.${status}`)}>${t(`jobs.status.${status}`)}</td>
      <td>${item.attempts}</td>
      <td class="small"><${NoteAndProblem} item=${item} /></td>
      <td>
        ${RETRYABLE.includes(item.status) && html`<${ActionButton} action="retry" onClick=${() => onAction(item.id, 'retry')} />`}
        ${CANCELLABLE.includes(item.status) && html`<${ActionButton} action="cancel" onClick=${() => onAction(item.id, 'cancel')} />`}
      </td>
    </tr>
  `;
}

/** The customer, linked to the conversation the follow-up belongs to when there is one. */
function CustomerName(/** @type {{ item: FollowUp }} */ { item }) {
  const name = `${item.customer.name ?? item.customer.id.slice(0, 8)} · ${item.customer.tier}`;
  if (!item.conversationId) return name;
  return html`<a class="conversation-link" href=${`/console/?conversation=${encodeURIComponent(item.conversationId)}`} title=${t('jobs.openConversation')}>${name}</a>`;
}

/** What staff wrote when they scheduled it, then why it went wrong (missed, or the last error). */
function NoteAndProblem(/** @type {{ item: FollowUp }} */ { item }) {
  const problem = item.missedAt ? t('jobs.missedAt', { time: when(item.missedAt) }) : item.lastError;
  return html`
    ${item.note && html`<span class="follow-up-note">${item.note}</span>`}
    ${problem && html`<span class="muted follow-up-error">${problem}</span>`}
  `;
}

/**
 * Retry or Cancel, disabled while the request is on its way.
 * @param {{ action: FollowUpAction, onClick: () => Promise<void> }} props
 */
function ActionButton({ action, onClick }) {
  const [busy, setBusy] = useState(false);
  const click = () => {
    setBusy(true);
    void onClick().finally(() => setBusy(false));
  };
  return html`<button class=${action === 'cancel' ? 'btn btn-danger' : 'btn'} type="button" disabled=${busy} onClick=${click}>${t(`jobs.${action}`)}</button>`;
}
