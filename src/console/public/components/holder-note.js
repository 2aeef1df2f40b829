// @ts-check
// Who has the open conversation: you, a colleague, or (routed, not yet taken over) who it waits for.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';

/** @param {{ conversation: any, me: { id: string } | null }} props */
export function HolderNote({ conversation, me }) {
  const assigned = conversation.assignedStaff;
  if (conversation.status === 'human' && assigned) {
    const mine = assigned.id === me?.id;
    return html`<p id="holder" class=${mine ? 'holder is-mine' : 'holder'} role="status">${mine ? t('youHold') : t('takenBy', { name: assigned.name })}</p>`;
  }
  if (conversation.status === 'queued' && assigned) {
    // Routed (or assigned by a supervisor) and waiting for that person to take it over.
    const forMe = assigned.id === me?.id;
    return html`<p id="holder" class=${forMe ? 'holder is-mine' : 'holder'} role="status">${forMe ? t('assignedToYou') : t('assignedWaiting', { name: assigned.name })}</p>`;
  }
  return null;
}
