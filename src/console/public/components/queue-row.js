// @ts-check
// One conversation in the queue: the customer, tier and key flag, why it waits (or who has it),
// channel, language, priority, who routing gave it to, the SLA timer and the waiting time.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, duration, languageLabel, priorityBand, reasonLabel, when } from '../console-labels.js';
import { openConversation } from '../state/conversation.js';
import { SlaChip } from './sla-chip.js';

/** @param {{ item: any, open: boolean, meId: string | undefined, elapsed: number }} props */
export function QueueRow({ item, open, meId, elapsed }) {
  const queued = item.status === 'queued';
  const headline = queued ? reasonLabel(item.queueReason) : item.assignedStaff ? t('heldBy', { name: item.assignedStaff.name }) : t(`status.${item.status}`);
  const waiting = item.waitingSeconds !== null && queued ? t('waiting', { time: duration(item.waitingSeconds + elapsed) }) : when(item.lastMessageAt);
  const classes = `queue-item${open ? ' is-open' : ''}${item.customer.tier === 'A' ? ' is-a' : ''}`;
  return html`
    <li class=${classes} data-conversation-id=${item.id} data-status=${item.status}>
      <button type="button" class="queue-open" aria-current=${open ? 'true' : undefined} onClick=${() => void openConversation(item.id)}>
        <span class="row-top">
          <span class="cust">${item.customer.name || t('anonymous')}</span>
          <span class=${`badge tier tier-${item.customer.tier}`} title=${t('tierBadge', { tier: item.customer.tier })}>${item.customer.tier}</span>
          ${item.customer.isKey && html`<span class="badge key" title=${t('keyCustomer')} aria-label=${t('keyCustomer')}>★</span>`}
        </span>
        <span class=${`reason prio-${priorityBand(item.priority)}`}>${headline}</span>
        <span class="row-meta">
          <span class="chip">${channelLabel(item.channel)}</span>
          <span class="chip">${languageLabel(item.language)}</span>
          ${queued && html`<span class="chip prio" title=${t('priority', { priority: item.priority })}>P${item.priority}</span>`}
          ${queued && item.assignedStaff && html`<span class=${`chip assignee${item.assignedStaff.id === meId ? ' is-mine' : ''}`}>${t('assignedTo', { name: item.assignedStaff.name })}</span>`}
          <${SlaChip} sla=${item.sla} elapsed=${elapsed} />
          <span class="waiting">${waiting}</span>
        </span>
      </button>
    </li>
  `;
}
