// @ts-check
// One conversation in the queue: the customer, tier, key flag and unread badge; why it waits (or
// who has it); the last message as a preview; channel, language, priority, who routing gave it to,
// the labels, the SLA timer, the waiting time and the time since the customer last wrote.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, duration, languageLabel, priorityBand, reasonLabel, when } from '../console-labels.js';
import { openConversation } from '../state/conversation.js';
import { previewText } from '../state/queue-rows.js';
import { SlaChip } from './sla-chip.js';

/** @param {{ item: any, open: boolean, meId: string | undefined, elapsed: number, now: number }} props */
export function QueueRow({ item, open, meId, elapsed, now }) {
  const queued = item.status === 'queued';
  const headline = queued ? reasonLabel(item.queueReason) : item.assignedStaff ? t('heldBy', { name: item.assignedStaff.name }) : t(`status.${item.status}`);
  const waiting = item.waitingSeconds !== null && queued ? t('waiting', { time: duration(item.waitingSeconds + elapsed) }) : when(item.lastMessageAt);
  const classes = `queue-item${open ? ' is-open' : ''}${item.customer.tier === 'A' ? ' is-a' : ''}${item.unread > 0 ? ' is-unread' : ''}`;
  return html`
    <li class=${classes} data-conversation-id=${item.id} data-status=${item.status}>
      <button type="button" class="queue-open" aria-current=${open ? 'true' : undefined} onClick=${() => void openConversation(item.id)}>
        <span class="row-top">
          <span class="cust">${item.customer.name || t('anonymous')}</span>
          <span class=${`badge tier tier-${item.customer.tier}`} title=${t('tierBadge', { tier: item.customer.tier })}>${item.customer.tier}</span>
          ${item.customer.isKey && html`<span class="badge key" title=${t('keyCustomer')} aria-label=${t('keyCustomer')}>★</span>`}
          ${item.unread > 0 && html`<span class="unread"><span aria-hidden="true">${item.unread > 99 ? '99+' : item.unread}</span><span class="sr-only">${t('queue.unread', { n: item.unread })}</span></span>`}
        </span>
        <span class=${`reason prio-${priorityBand(item.priority)}`}>${headline}</span>
        ${item.lastMessage && html`<${Preview} message=${item.lastMessage} />`}
        <span class="row-meta">
          <span class="chip">${channelLabel(item.channel)}</span>
          <span class="chip">${languageLabel(item.language)}</span>
          ${queued && html`<span class="chip prio" title=${t('priority', { priority: item.priority })}>P${item.priority}</span>`}
          ${queued && item.assignedStaff && html`<span class=${`chip assignee${item.assignedStaff.id === meId ? ' is-mine' : ''}`}>${t('assignedTo', { name: item.assignedStaff.name })}</span>`}
          ${(item.labels ?? []).map((/** @type {string} */ label) => html`<span key=${label} class="chip label-chip">${label}</span>`)}
          <${SlaChip} sla=${item.sla} elapsed=${elapsed} />
          <span class="waiting">${waiting}</span>
        </span>
        ${item.lastCustomerMessageAt && html`<${CustomerSince} at=${item.lastCustomerMessageAt} now=${now} />`}
      </button>
    </li>
  `;
}

/** The latest message, its author named first; two lines at most. */
function Preview(/** @type {{ message: { text: string, author: string } }} */ { message }) {
  return html`<span class="preview" data-author=${message.author}><span class="preview-author">${t(`preview.${message.author}`)}:</span> ${previewText(message.text)}</span>`;
}

/** How long ago the customer last wrote, counted on the page's clock every second. */
function CustomerSince(/** @type {{ at: string, now: number }} */ { at, now }) {
  const seconds = Math.max(0, (now - Date.parse(at)) / 1000);
  const text = seconds < 5 ? t('queue.customerWroteNow') : t('queue.customerWrote', { time: duration(seconds) });
  return html`<span class="customer-since" title=${t('queue.customerWroteTitle')}>${text}</span>`;
}
