// @ts-check
// What an admin can do with one endpoint, as buttons (data-action names each): its delivery log,
// its events, a test event (while enabled), disable or enable, rotate the secret, delete. Rotating
// and deleting are confirmed first; a button waits while its change is under way.

import { html, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';

/**
 * @typedef {'log' | 'events' | 'test' | 'disable' | 'enable' | 'rotate' | 'delete'} EndpointAction
 * @typedef {'rotate' | 'delete'} ConfirmedAction
 * @typedef {import('./webhook-api.js').Endpoint} Endpoint
 */

/** @type {Record<EndpointAction, string>} */
const LABELS = {
  log: 'webhooks.action.log',
  events: 'webhooks.action.events',
  test: 'webhooks.action.test',
  disable: 'webhooks.action.disable',
  enable: 'webhooks.action.enable',
  rotate: 'webhooks.action.rotate',
  delete: 'webhooks.action.delete',
};

/**
 * @param {{
 *   endpoint: Endpoint,
 *   onAction: (action: EndpointAction, endpoint: Endpoint) => Promise<void> | void,
 *   confirm: (action: ConfirmedAction, endpoint: Endpoint) => Promise<boolean>,
 * }} props
 */
export function EndpointActions({ endpoint, onAction, confirm }) {
  const [busy, setBusy] = useState(/** @type {EndpointAction | null} */ (null));
  /** @type {EndpointAction[]} */
  const actions = ['log', 'events', ...(endpoint.enabled ? /** @type {const} */ (['test', 'disable']) : /** @type {const} */ (['enable'])), 'rotate', 'delete'];

  /** @param {EndpointAction} action */
  const run = async (action) => {
    if ((action === 'rotate' || action === 'delete') && !(await confirm(action, endpoint))) return;
    setBusy(action);
    try {
      await onAction(action, endpoint);
    } finally {
      setBusy(null);
    }
  };

  return html`
    <div class="webhooks-actions" role="group" aria-label=${t('webhooks.actionsFor', { url: endpoint.url })}>
      ${actions.map(
        (action) =>
          html`<button key=${action} class=${action === 'delete' ? 'btn btn-danger' : 'btn'} type="button" data-action=${action} disabled=${busy === action} onClick=${() => void run(action)}>
            ${t(LABELS[action])}
          </button>`,
      )}
    </div>
  `;
}
