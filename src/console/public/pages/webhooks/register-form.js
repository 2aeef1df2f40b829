// @ts-check
// Registering an endpoint: its URL, an optional description and the events it wants. The page's
// own check (at least one event) and the API's refusals show under the form.

import { html, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { registerEndpoint } from './webhook-api.js';
import { problemText } from './webhook-wording.js';
import { EventChoices } from './event-choices.js';

/** @typedef {import('./webhook-api.js').ShownSecret} ShownSecret */

/**
 * @param {{
 *   eventTypes: string[],
 *   urlInput: import('preact').RefObject<HTMLInputElement>,
 *   onRegistered: (secret: ShownSecret) => Promise<void>,
 * }} props `onRegistered` gets the new endpoint's secret; what it throws shows here too.
 */
export function RegisterForm({ eventTypes, urlInput, onRegistered }) {
  const [chosen, setChosen] = useState(/** @type {string[]} */ ([]));
  const [problem, setProblem] = useState(/** @type {import('./webhook-wording.js').Problem | null} */ (null));

  /** @param {SubmitEvent} event */
  const submit = async (event) => {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    setProblem(null);
    if (!chosen.length) {
      setProblem('webhooks.noEvents');
      return;
    }
    try {
      const secret = await registerEndpoint({ url, events: chosen, ...(description ? { description } : {}) });
      form.reset();
      setChosen([]);
      await onRegistered(secret);
    } catch (error) {
      setProblem(/** @type {Error} */ (error));
    }
  };

  return html`
    <section class="card" aria-labelledby="register-title">
      <h2 id="register-title">${t('webhooks.register.title')}</h2>
      <form id="register" class="webhooks-form" novalidate onSubmit=${(/** @type {SubmitEvent} */ event) => void submit(event)}>
        <label for="register-url">${t('webhooks.register.url')}</label>
        <input id="register-url" name="url" type="url" inputmode="url" maxlength="2000" autocomplete="off" required aria-describedby="register-url-hint" ref=${urlInput} />
        <p id="register-url-hint" class="muted small">${t('webhooks.register.urlHint')}</p>
        <label for="register-description">${t('webhooks.register.description')}</label>
        <input id="register-description" name="description" type="text" maxlength="500" autocomplete="off" />
        <${EventChoices} id="register-events" eventTypes=${eventTypes} chosen=${chosen} onChange=${setChosen} />
        <p id="register-error" class="error" role="alert">${problemText(problem)}</p>
        <button class="btn btn-primary" type="submit">${t('webhooks.register.submit')}</button>
      </form>
    </section>
  `;
}
