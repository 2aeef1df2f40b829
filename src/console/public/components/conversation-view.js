// @ts-check
// The middle pane: nothing open yet, or the open conversation — its header and actions, who holds
// it, the handoff summary, the transcript, who is typing and the reply box. The page's main landmark.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { closeConversation } from '../state/conversation.js';
import { ConversationHeader } from './conversation-header.js';
import { HolderNote } from './holder-note.js';
import { HandoffSummary } from './handoff-summary.js';
import { Transcript } from './transcript.js';
import { Composer } from './composer.js';

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function ConversationView({ state }) {
  const { detail, openId } = state;
  return html`
    <main id="conversation" class="conv-pane" aria-labelledby=${openId ? 'conv-title' : undefined} aria-label=${openId ? undefined : t('conversationLabel')}>
      ${
        !openId
          ? html`<div id="conv-placeholder" class="placeholder">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" /></svg>
            <p>${t('pickConversation')}</p>
          </div>`
          : html`<div id="conv-body" class="conv-body">
            <header class="conv-head">
              <button id="back" class="btn btn-ghost btn-icon back" type="button" aria-label=${t('back')} onClick=${closeConversation}>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="m15 18-6-6 6-6" /></svg>
              </button>
              ${detail ? html`<${ConversationHeader} state=${state} />` : html`<div class="conv-title-wrap"><h2 id="conv-title" class="conv-title"></h2></div>`}
            </header>
            ${detail && html`<${HolderNote} conversation=${detail.conversation} me=${state.me} />`}
            ${detail?.handoff && html`<${HandoffSummary} key=${openId} handoff=${detail.handoff} lang=${state.lang} />`}
            <${Transcript} key=${openId} messages=${state.messages} channel=${detail?.conversation.channel} typing=${state.typing} customerTyping=${state.customerTyping} />
            <${Composer} key=${openId} state=${state} />
          </div>`
      }
    </main>
  `;
}
