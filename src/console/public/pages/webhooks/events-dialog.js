// @ts-check
// Changing the events an endpoint receives, in a dialog: its current choice ticked, at least one
// needed, the API's refusal said in the dialog.

import { html, useEffect, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { useModal } from '../../components/use-modal.js';
import { updateEndpoint } from './webhook-api.js';
import { problemText } from './webhook-wording.js';
import { EventChoices } from './event-choices.js';

/**
 * Open while `endpoint` is set.
 * @param {{ endpoint: import('./webhook-api.js').Endpoint | null, eventTypes: string[], onClose: () => void, onSaved: () => Promise<void> }} props
 */
export function EventsDialog({ endpoint, eventTypes, onClose, onSaved }) {
  const dialog = useModal(endpoint !== null);
  const [chosen, setChosen] = useState(/** @type {string[]} */ ([]));
  const [problem, setProblem] = useState(/** @type {import('./webhook-wording.js').Problem | null} */ (null));
  useEffect(() => {
    setChosen(endpoint?.events ?? []);
    setProblem(null);
  }, [endpoint]);

  /** @param {SubmitEvent} event */
  const save = async (event) => {
    event.preventDefault();
    if (!endpoint) return;
    if (!chosen.length) {
      setProblem('webhooks.noEvents');
      return;
    }
    try {
      await updateEndpoint(endpoint.id, { events: chosen });
      onClose();
      await onSaved();
    } catch (error) {
      setProblem(/** @type {Error} */ (error));
    }
  };

  return html`
    <dialog id="events-dialog" class="card" aria-labelledby="events-title" ref=${dialog} onClose=${onClose}>
      <form id="events-form" class="stack" method="dialog" novalidate onSubmit=${(/** @type {SubmitEvent} */ event) => void save(event)}>
        <h2 id="events-title">${endpoint && t('webhooks.events.title', { url: endpoint.url })}</h2>
        <${EventChoices} id="events-choice" eventTypes=${eventTypes} chosen=${chosen} onChange=${setChosen} hideLegend=${true} />
        <p id="events-error" class="error" role="alert">${problemText(problem)}</p>
        <button class="btn btn-primary" type="submit">${t('webhooks.save')}</button>
        <button id="events-cancel" class="btn btn-ghost" type="button" onClick=${onClose}>${t('webhooks.cancel')}</button>
      </form>
    </dialog>
  `;
}
