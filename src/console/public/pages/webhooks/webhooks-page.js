// @ts-check
// The outgoing webhooks page for admins: the endpoints with their events, state and latest
// delivery; registering one (its whsec_ secret shown this once, to copy and store); changing its
// events, disabling or enabling it, rotating its secret (the new one shown once, the old one
// signing until the time the API gives), a test event, deleting it; and each one's delivery log.
// The event types come from the API, so one added there appears here without a change.

import { html, useEffect, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { deleteEndpoint, listEndpoints, rotateSecret, sendTestEvent, updateEndpoint } from './webhook-api.js';
import { problemText } from './webhook-wording.js';
import { SecretPanel } from './secret-panel.js';
import { RegisterForm } from './register-form.js';
import { EndpointTable } from './endpoint-table.js';
import { DeliveryLog } from './delivery-log.js';
import { EventsDialog } from './events-dialog.js';
import { ConfirmDialog } from './confirm-dialog.js';

/**
 * @typedef {import('./webhook-api.js').Endpoint} Endpoint
 * @typedef {import('./webhook-api.js').ShownSecret} ShownSecret
 * @typedef {import('./endpoint-actions.js').EndpointAction} EndpointAction
 * @typedef {import('./endpoint-actions.js').ConfirmedAction} ConfirmedAction
 * @typedef {import('./confirm-dialog.js').Question & { resolve: (yes: boolean) => void }} OpenQuestion
 */

export function WebhooksPage(/** @type {import('../page-shell.js').PageProps} */ { toast, ready }) {
  const [loaded, setLoaded] = useState(false);
  const [endpoints, setEndpoints] = useState(/** @type {Endpoint[]} */ ([]));
  const [eventTypes, setEventTypes] = useState(/** @type {string[]} */ ([]));
  const [problem, setProblem] = useState(/** @type {import('./webhook-wording.js').Problem | null} */ (null));
  const [secret, setSecret] = useState(/** @type {ShownSecret | null} */ (null));
  const [editing, setEditing] = useState(/** @type {Endpoint | null} */ (null));
  const [question, setQuestion] = useState(/** @type {OpenQuestion | null} */ (null));
  // The log shown (its endpoint's id) and how many times it was asked for.
  const [log, setLog] = useState(/** @type {{ id: string, opened: number } | null} */ (null));
  const registerUrl = useRef(/** @type {HTMLInputElement | null} */ (null));

  const loadEndpoints = async () => {
    const body = await listEndpoints();
    setEventTypes(body.eventTypes);
    setEndpoints(body.endpoints);
  };

  useEffect(() => {
    loadEndpoints()
      .catch((/** @type {Error} */ error) => setProblem(error))
      .finally(() => {
        setLoaded(true);
        ready();
      });
  }, []);

  /** @param {Endpoint} endpoint */
  const openLog = (endpoint) => setLog((shown) => ({ id: endpoint.id, opened: shown?.id === endpoint.id ? shown.opened + 1 : 0 }));

  /**
   * Runs a change: what the API refuses shows at the top of the page; done, the toast says so
   * (`doneKey`) and the list is read again.
   * @param {() => Promise<void>} run
   * @param {string} [doneKey]
   */
  const change = async (run, doneKey) => {
    setProblem(null);
    try {
      await run();
      if (doneKey) toast(t(doneKey));
      await loadEndpoints();
    } catch (error) {
      setProblem(/** @type {Error} */ (error));
    }
  };

  /** @param {EndpointAction} action @param {Endpoint} endpoint */
  const act = (action, endpoint) => {
    switch (action) {
      case 'log':
        return openLog(endpoint);
      case 'events':
        return setEditing(endpoint);
      case 'test':
        return change(async () => {
          await sendTestEvent(endpoint.id);
          openLog(endpoint);
        }, 'webhooks.testSent');
      case 'disable':
      case 'enable':
        return change(() => updateEndpoint(endpoint.id, { enabled: action === 'enable' }), action === 'enable' ? 'webhooks.enabledDone' : 'webhooks.disabledDone');
      case 'rotate':
        return change(async () => setSecret(await rotateSecret(endpoint)));
      case 'delete':
        return change(() => deleteEndpoint(endpoint.id), 'webhooks.deleted');
    }
  };

  /** @param {ConfirmedAction} action @param {Endpoint} endpoint @returns {Promise<boolean>} */
  const confirm = (action, endpoint) => new Promise((resolve) => setQuestion({ action, url: endpoint.url, resolve }));
  /** @param {boolean} yes */
  const answer = (yes) => {
    question?.resolve(yes);
    setQuestion(null);
  };

  /** @param {ShownSecret} shown */
  const registered = async (shown) => {
    toast(t('webhooks.register.done'));
    setSecret(shown);
    await loadEndpoints();
  };
  const secretStored = () => {
    setSecret(null);
    registerUrl.current?.focus();
  };
  // A delivery changed: the list shows each endpoint's latest; the next change or refresh retries a failed read.
  const reloadQuietly = () => void loadEndpoints().catch(() => undefined);
  const eventsSaved = async () => {
    toast(t('webhooks.eventsSaved'));
    await loadEndpoints();
  };

  // The log follows the list: an endpoint changed (enabled, say) shows so there, one deleted takes its log along.
  const logEndpoint = log ? endpoints.find((endpoint) => endpoint.id === log.id) : undefined;
  return html`
    <div id="webhooks" hidden=${!loaded}>
      <p id="page-error" class="error card" role="alert">${problemText(problem)}</p>
      <${SecretPanel} secret=${secret} onDone=${secretStored} toast=${toast} />
      <${RegisterForm} eventTypes=${eventTypes} urlInput=${registerUrl} onRegistered=${registered} />
      <${EndpointTable} endpoints=${endpoints} onAction=${act} confirm=${confirm} />
      ${log && logEndpoint && html`<${DeliveryLog} key=${log.id} endpoint=${logEndpoint} opened=${log.opened} onClose=${() => setLog(null)} onChanged=${reloadQuietly} toast=${toast} />`}
    </div>
    <${EventsDialog} endpoint=${editing} eventTypes=${eventTypes} onClose=${() => setEditing(null)} onSaved=${eventsSaved} />
    <${ConfirmDialog} question=${question} onAnswer=${answer} />
  `;
}
