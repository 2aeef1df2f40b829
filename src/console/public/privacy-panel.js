/* global window */
// The profile card's personal-data actions, on the customer's request: "Export data" (supervisors
// and admins; a JSON file) and "Erase personal data" (admins, after a confirmation). After an
// erasure the conversation is opened afresh, so the page shows what is left.

import { $, el } from './dom.js';
import { isSupervisor, state } from './console-state.js';
import { t } from './wording.js';
import { api } from './api.js';
import { toast } from './alerts.js';

/** Shows the actions the signed-in role may use for this customer; `reopen(conversationId)` reloads the view. */
export function renderPrivacyActions(profile, reopen) {
  const box = $('#privacy-actions');
  const role = state.me?.role;
  const canExport = isSupervisor();
  box.hidden = !canExport;
  if (!canExport) return box.replaceChildren();
  const exportLink = el('a', { class: 'btn', href: `/api/staff/customers/${encodeURIComponent(profile.id)}/export`, download: '', text: t('privacy.export') });
  const erase = role === 'admin' ? el('button', { class: 'btn btn-danger', type: 'button', text: t('privacy.erase') }) : null;
  erase?.addEventListener('click', () => void eraseCustomer(profile, erase, reopen));
  return box.replaceChildren(el('h3', { text: t('privacy.title') }), el('p', { class: 'muted small', text: t('privacy.hint') }), el('div', { class: 'privacy-buttons' }, exportLink, erase));
}

async function eraseCustomer(profile, button, reopen) {
  if (!window.confirm(t('privacy.eraseConfirm', { name: profile.name || t('anonymous') }))) return;
  button.disabled = true;
  button.textContent = t('privacy.erasing');
  try {
    const { counts } = await api('POST', `/api/staff/customers/${encodeURIComponent(profile.id)}/erase`);
    toast(t('privacy.erased', { messages: counts.messages, identities: counts.identities, followUps: counts.followUpsCancelled }));
    const id = state.openId;
    // Same message ids, new texts: the transcript is built again rather than topped up.
    state.openId = null;
    if (id) await reopen(id);
  } catch (error) {
    toast(t('errorGeneric', { message: error.message }));
    button.disabled = false;
    button.textContent = t('privacy.erase');
  }
}
