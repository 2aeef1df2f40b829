// @ts-check
// The sign-in form: email and password; a refusal shows the server's words.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { signIn } from '../state/session.js';

export function LoginForm(/** @type {{ error: string }} */ { error }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(error);
  const email = useRef(/** @type {HTMLInputElement | null} */ (null));
  const password = useRef(/** @type {HTMLInputElement | null} */ (null));
  useEffect(() => setMessage(error), [error]);
  useEffect(() => email.current?.focus(), []);

  /** @param {Event} event */
  async function submit(event) {
    event.preventDefault();
    setMessage('');
    setBusy(true);
    try {
      await signIn(email.current?.value.trim() ?? '', password.current?.value ?? '');
    } catch (failure) {
      setMessage(/** @type {Error} */ (failure).message);
      password.current?.select();
    } finally {
      setBusy(false);
    }
  }

  return html`
    <main id="login-view" class="login-view">
      <form id="login-form" class="card login-card" novalidate onSubmit=${submit}>
        <h2>${t('signInTitle')}</h2>
        <p class="muted">${t('signInHint')}</p>
        <label for="login-email">${t('email')}</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required ref=${email} />
        <label for="login-password">${t('password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required ref=${password} />
        <p id="login-error" class="error" role="alert">${message}</p>
        <button id="login-submit" class="btn btn-primary" type="submit" disabled=${busy}>${busy ? t('signingIn') : t('signIn')}</button>
      </form>
    </main>
  `;
}
