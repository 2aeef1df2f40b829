// @ts-check
// The card's personal-data actions, on the customer's request: "Export data" (supervisors and
// admins; a JSON file) and "Erase personal data" (admins, after a confirmation). After an erasure
// the conversation is read again, so the page shows what is left.

import { html, useState } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { getState } from '../state/console-store.js';
import { loadConversation } from '../state/conversation.js';
import { showToast } from '../state/toast.js';

/** @param {{ profile: { id: string, name: string | null }, role: string | undefined }} props */
export function PrivacyPanel({ profile, role }) {
  const [erasing, setErasing] = useState(false);
  if (role !== 'supervisor' && role !== 'admin') return null;

  async function erase() {
    if (!window.confirm(t('privacy.eraseConfirm', { name: profile.name || t('anonymous') }))) return;
    setErasing(true);
    try {
      const { counts } = await api('POST', `/api/staff/customers/${encodeURIComponent(profile.id)}/erase`);
      showToast(t('privacy.erased', { messages: counts.messages, identities: counts.identities, followUps: counts.followUpsCancelled }));
      const id = getState().openId;
      if (id) await loadConversation(id);
    } catch (error) {
      showToast(t('errorGeneric', { message: /** @type {Error} */ (error).message }));
    } finally {
      setErasing(false);
    }
  }

  return html`
    <section id="privacy-actions" class="card privacy-actions">
      <h3>${t('privacy.title')}</h3>
      <p class="muted small">${t('privacy.hint')}</p>
      <div class="privacy-buttons">
        <a class="btn" href=${`/api/staff/customers/${encodeURIComponent(profile.id)}/export`} download="">${t('privacy.export')}</a>
        ${role === 'admin' && html`<button class="btn btn-danger" type="button" disabled=${erasing} onClick=${() => void erase()}>${erasing ? t('privacy.erasing') : t('privacy.erase')}</button>`}
      </div>
    </section>
  `;
}
