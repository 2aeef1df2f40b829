// @ts-check
// The endpoints: each one's URL and description, its events, its state (with why it is disabled,
// and how long a rotated-out secret still signs), when it was registered, how its latest delivery
// went, and what can be done with it.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { disabledReasonLabel, eventLabel, statusLabel, when } from './webhook-wording.js';
import { EndpointActions } from './endpoint-actions.js';

/**
 * @typedef {import('./webhook-api.js').Endpoint} Endpoint
 * @typedef {{
 *   onAction: (action: import('./endpoint-actions.js').EndpointAction, endpoint: Endpoint) => Promise<void> | void,
 *   confirm: (action: import('./endpoint-actions.js').ConfirmedAction, endpoint: Endpoint) => Promise<boolean>,
 * }} ActionProps
 */

/** @param {{ endpoints: Endpoint[] } & ActionProps} props */
export function EndpointTable({ endpoints, onAction, confirm }) {
  return html`
    <section class="card" aria-labelledby="endpoints-title">
      <h2 id="endpoints-title">${t('webhooks.list.title')}</h2>
      <table class="jobs-table webhooks-table">
        <thead>
          <tr>
            <th scope="col">${t('webhooks.col.url')}</th>
            <th scope="col">${t('webhooks.col.events')}</th>
            <th scope="col">${t('webhooks.col.state')}</th>
            <th scope="col">${t('webhooks.col.created')}</th>
            <th scope="col">${t('webhooks.col.last')}</th>
            <th scope="col">${t('webhooks.col.actions')}</th>
          </tr>
        </thead>
        <tbody id="endpoints">
          ${endpoints.map((endpoint) => html`<${EndpointRow} key=${endpoint.id} endpoint=${endpoint} onAction=${onAction} confirm=${confirm} />`)}
        </tbody>
      </table>
      <p id="endpoints-empty" class="muted" hidden=${endpoints.length > 0}>${t('webhooks.empty')}</p>
    </section>
  `;
}

/** @param {{ endpoint: Endpoint } & ActionProps} props */
function EndpointRow({ endpoint, onAction, confirm }) {
  const graceUntil = endpoint.previousSecretSignsUntil;
  const last = endpoint.lastDelivery;
  return html`
    <tr data-id=${endpoint.id}>
      <td class="webhooks-url">
        <code>${endpoint.url}</code>
        ${endpoint.description && html`<p class="muted small">${endpoint.description}</p>`}
      </td>
      <td class="small">
        <ul class="webhooks-event-list">
          ${endpoint.events.map((type) => html`<li key=${type} title=${type}>${eventLabel(type)}</li>`)}
        </ul>
      </td>
      <td>
        <span class="webhook-state" data-enabled=${String(endpoint.enabled)}>${endpoint.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}</span>
        ${endpoint.disabledReason && html`<p class="muted small">${disabledReasonLabel(endpoint.disabledReason)}</p>`}
        ${graceUntil && Date.parse(graceUntil) > Date.now() && html`<p class="muted small">${t('webhooks.graceUntil', { until: when(graceUntil) })}</p>`}
      </td>
      <td class="small"><time datetime=${endpoint.createdAt}>${when(endpoint.createdAt)}</time></td>
      ${
        last
          ? html`<td class="small">
            <span class="webhook-status" data-status=${last.status}>${statusLabel(last.status)}</span>
            <br />
            <span>${eventLabel(last.eventType)} · ${when(last.createdAt)}</span>
          </td>`
          : html`<td class="muted small">${t('webhooks.lastNone')}</td>`
      }
      <td><${EndpointActions} endpoint=${endpoint} onAction=${onAction} confirm=${confirm} /></td>
    </tr>
  `;
}
