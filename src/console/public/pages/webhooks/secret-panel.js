// @ts-check
// A secret the API gave just now (a new endpoint's, or a rotated one with how long the old one
// keeps signing): on screen, focused, with Copy, until the admin says it is stored. Never kept:
// once done, the panel is empty and hidden.

import { html, useLayoutEffect, useRef } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { when } from './webhook-wording.js';

/** @param {{ secret: import('./webhook-api.js').ShownSecret | null, onDone: () => void, toast: (text: string) => void }} props */
export function SecretPanel({ secret, onDone, toast }) {
  const panel = useRef(/** @type {HTMLElement | null} */ (null));
  const input = useRef(/** @type {HTMLInputElement | null} */ (null));
  // Before the browser paints: the secret appears with the focus on it, for screen readers too.
  useLayoutEffect(() => {
    if (secret) panel.current?.focus();
  }, [secret]);

  const copy = async () => {
    const node = input.current;
    if (!node) return;
    node.select();
    try {
      await navigator.clipboard.writeText(node.value);
      toast(t('webhooks.secret.copied'));
    } catch {
      toast(t('webhooks.secret.copyFailed'));
    }
  };

  return html`
    <section id="secret-panel" class="card webhooks-secret" aria-labelledby="secret-title" tabindex="-1" hidden=${!secret} ref=${panel}>
      <h2 id="secret-title">${t('webhooks.secret.title')}</h2>
      <p id="secret-for" class="webhooks-secret-for">
        ${secret && (secret.until ? t('webhooks.secret.rotated', { url: secret.url, until: when(secret.until) }) : t('webhooks.secret.for', { url: secret.url }))}
      </p>
      <p class="muted">${t('webhooks.secret.once')}</p>
      <div class="webhooks-secret-row">
        <label class="sr-only" for="secret-value">${t('webhooks.secret.label')}</label>
        <input id="secret-value" type="text" readonly spellcheck=${false} autocomplete="off" value=${secret?.secret ?? ''} ref=${input} />
        <button id="secret-copy" class="btn btn-primary" type="button" onClick=${() => void copy()}>${t('webhooks.secret.copy')}</button>
      </div>
      <button id="secret-done" class="btn btn-ghost" type="button" onClick=${onDone}>${t('webhooks.secret.done')}</button>
    </section>
  `;
}
