// @ts-check
// The open conversation's header: the customer's name, tier and key flag, channel, language, why
// it was escalated, the LLM mode's cost, the customer's rating; its status and the actions staff
// may take (take over, hand back, close, and for supervisors: assign); its labels (conversation-labels.js).

import { html, useRef } from '../vendor/preact-htm.js';
import { language, t } from '../../assets/kit/i18n.js';
import { formatCount } from '../../assets/kit/format.js';
import { channelLabel, languageLabel, priorityBand, reasonLabel } from '../console-labels.js';
import { isSupervisor } from '../state/console-store.js';
import { act, assignConversation, holdsIt } from '../state/conversation.js';
import { ConversationLabels } from './conversation-labels.js';

/** LLM mode's cost of this conversation: calls, tokens, dollars. */
function llmUsageLabel(/** @type {{ calls: number, promptTokens: number, completionTokens: number, costUsd: number }} */ { calls, promptTokens, completionTokens, costUsd }) {
  const tokens = formatCount(promptTokens + completionTokens, language() === 'zh' ? 'zh-CN' : 'en-US');
  const cost = costUsd > 0 ? ` · $${costUsd < 0.01 ? costUsd.toFixed(4) : costUsd.toFixed(2)}` : '';
  return t('llmUsage', { calls, tokens, cost });
}

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function ConversationHeader({ state }) {
  const { conversation, profile, llm, rating } = state.detail;
  const mine = holdsIt();
  const closed = conversation.status === 'closed';
  return html`
    <div class="conv-title-wrap">
      <h2 id="conv-title" class="conv-title">${profile.name || t('anonymous')}</h2>
      <div id="conv-meta" class="conv-meta">
        <span class=${`badge tier tier-${profile.tier}`} title=${t('tierBadge', { tier: profile.tier })}>${profile.tier}</span>
        ${profile.isKey && html`<span class="badge key">★ ${t('keyCustomer')}</span>`}
        <span class="chip">${channelLabel(conversation.channel)}</span>
        <span class="chip">${languageLabel(conversation.language)}</span>
        ${conversation.queueReason && html`<span class=${`chip reason-chip prio-${priorityBand(conversation.priority)}`}>${reasonLabel(conversation.queueReason)}</span>`}
        ${llm?.calls > 0 && html`<span class="chip llm-usage" title=${t('llmUsageTitle')}>${llmUsageLabel(llm)}</span>`}
        ${rating && html`<span class="chip rating" data-score=${rating.score} title=${t('ratingTitle', { score: rating.score, comment: rating.comment ? ` — “${rating.comment}”` : '' })}>${t('rating', { score: rating.score })}</span>`}
      </div>
      <${ConversationLabels} state=${state} />
    </div>
    <div class="conv-actions">
      <span id="status" class="status-pill" data-status=${conversation.status} role="status">${t(`status.${conversation.status}`)}</span>
      ${!mine && html`<button id="takeover" class="btn btn-primary" type="button" disabled=${closed} onClick=${() => void act('takeover')}>${t('takeover')}</button>`}
      <button id="handback" class="btn" type="button" disabled=${closed || conversation.status === 'bot'} onClick=${() => void act('handback')}>${t('handback')}</button>
      <button id="close" class="btn btn-danger" type="button" disabled=${closed} onClick=${() => void act('close')}>${t('close')}</button>
      ${!closed && isSupervisor() && html`<${AssignPicker} assignedId=${conversation.assignedStaff?.id} colleagues=${state.colleagues} />`}
    </div>
  `;
}

/** Supervisors give a conversation to someone else (a held one moves with its hold); who is online shows. */
function AssignPicker(/** @type {{ assignedId: string | undefined, colleagues: { id: string, name: string, online: boolean }[] }} */ { assignedId, colleagues }) {
  const select = useRef(/** @type {HTMLSelectElement | null} */ (null));
  return html`
    <span id="assign-wrap" class="assign">
      <label for="assign-select" class="sr-only">${t('assignLabel')}</label>
      <select id="assign-select" ref=${select}>
        ${colleagues.map((c) => html`<option key=${c.id} value=${c.id} selected=${c.id === assignedId}>${c.online ? t('colleagueOnline', { name: c.name }) : c.name}</option>`)}
      </select>
      <button id="assign" class="btn" type="button" onClick=${() => void assignConversation(select.current?.value ?? '')}>${t('assign')}</button>
    </span>
  `;
}
