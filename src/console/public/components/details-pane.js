// @ts-check
// The right pane of the open conversation: the customer's card (with their orders), the
// personal-data actions, private notes, cases with their work, the customer's previous
// conversations and the contact log. Drawn afresh for each conversation (keyed).

import { html } from '../vendor/preact-htm.js';
import { ProfileCard } from './profile-card.js';
import { PrivacyPanel } from './privacy-panel.js';
import { NotesPanel } from './notes-panel.js';
import { CasesPanel } from './cases-panel.js';
import { ContactsPanel } from './contacts-panel.js';
import { PreviousConversations } from './previous-conversations.js';

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function DetailsPane({ state }) {
  const { detail, openId } = state;
  if (!detail || !openId) return html`<aside id="details" class="details-pane" hidden></aside>`;
  return html`
    <aside id="details" class="details-pane" key=${openId}>
      <${ProfileCard}
        profile=${detail.profile}
        history=${detail.profileHistory ?? []}
        colleagues=${state.colleagues}
        orders=${detail.orders ?? []}
        mentionedOrders=${detail.mentionedOrderNumbers ?? []}
      />
      <${PrivacyPanel} profile=${detail.profile} role=${state.me?.role} />
      <${NotesPanel} conversationId=${openId} notes=${detail.notes ?? []} />
      <${CasesPanel} conversationId=${openId} cases=${detail.openCases} />
      <${PreviousConversations} conversations=${detail.previousConversations ?? []} />
      <${ContactsPanel} contacts=${detail.contacts} />
    </aside>
  `;
}
