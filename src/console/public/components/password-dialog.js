// @ts-check
// "Change password" for the signed-in staff member: sends the current and the new password. The
// server signs this account out everywhere and starts a new session here, so the page keeps
// working with the CSRF token it answers with.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { keepCsrfToken } from '../state/session.js';
import { showToast } from '../state/toast.js';

/** @param {{ open: boolean, onClose: () => void }} props */
export function PasswordDialog({ open, onClose }) {
  const dialog = useRef(/** @type {HTMLDialogElement | null} */ (null));
  const form = useRef(/** @type {HTMLFormElement | null} */ (null));
  const current = useRef(/** @type {HTMLInputElement | null} */ (null));
  const fresh = useRef(/** @type {HTMLInputElement | null} */ (null));
  const repeat = useRef(/** @type {HTMLInputElement | null} */ (null));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const node = dialog.current;
    if (!node) return;
    if (open && !node.open) {
      form.current?.reset();
      setError('');
      node.showModal();
      current.current?.focus();
    } else if (!open && node.open) node.close();
  }, [open]);

  /** @param {Event} event */
  async function submit(event) {
    event.preventDefault();
    setError('');
    if (fresh.current?.value !== repeat.current?.value) {
      setError(t('passwordMismatch'));
      repeat.current?.select();
      return;
    }
    setBusy(true);
    try {
      const result = await api('POST', '/api/staff/me/password', { currentPassword: current.current?.value ?? '', newPassword: fresh.current?.value ?? '' });
      keepCsrfToken(result.csrfToken);
      form.current?.reset();
      onClose();
      showToast(t('passwordChanged'));
    } catch (failure) {
      setError(/** @type {Error} */ (failure).message);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <dialog id="password-dialog" class="card" aria-labelledby="password-title" ref=${dialog} onClose=${onClose}>
      <form id="password-form" class="stack" novalidate ref=${form} onSubmit=${submit}>
        <h2 id="password-title">${t('passwordChange')}</h2>
        <p class="muted small">${t('passwordRules')}</p>
        <label for="password-current">${t('passwordCurrent')}</label>
        <input id="password-current" type="password" autocomplete="current-password" required ref=${current} />
        <label for="password-new">${t('passwordNew')}</label>
        <input id="password-new" type="password" autocomplete="new-password" minlength="12" required ref=${fresh} />
        <label for="password-repeat">${t('passwordRepeat')}</label>
        <input id="password-repeat" type="password" autocomplete="new-password" minlength="12" required ref=${repeat} />
        <p id="password-error" class="error" role="alert">${error}</p>
        <button id="password-submit" class="btn btn-primary" type="submit" disabled=${busy}>${t('passwordSave')}</button>
        <button id="password-cancel" class="btn btn-ghost" type="button" onClick=${onClose}>${t('passwordCancel')}</button>
      </form>
    </dialog>
  `;
}
