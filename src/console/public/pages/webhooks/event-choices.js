// @ts-check
// The event types an endpoint can receive, as checkboxes in a fieldset: each named in the staff
// member's language with its code beside it. The choice comes back in the API's order.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { eventLabel } from './webhook-wording.js';

/**
 * @param {{ id: string, eventTypes: string[], chosen: string[], onChange: (chosen: string[]) => void, hideLegend?: boolean }} props
 *   `hideLegend`: where a heading already says it, the legend is for screen readers only.
 */
export function EventChoices({ id, eventTypes, chosen, onChange, hideLegend = false }) {
  /** @param {string} type @param {Event} event */
  const toggle = (type, event) => {
    const on = /** @type {HTMLInputElement} */ (event.currentTarget).checked;
    onChange(eventTypes.filter((each) => (each === type ? on : chosen.includes(each))));
  };
  return html`
    <fieldset id=${id} class="webhooks-events">
      <legend class=${hideLegend ? 'sr-only' : undefined}>${t('webhooks.register.events')}</legend>
      ${eventTypes.map(
        (type) =>
          html`<label key=${type} class="webhooks-event">
            <input type="checkbox" name="events" value=${type} checked=${chosen.includes(type)} onChange=${(/** @type {Event} */ event) => toggle(type, event)} />
            <span>${eventLabel(type)}</span>
            <code class="muted small">${type}</code>
          </label>`,
      )}
    </fieldset>
  `;
}
