// @ts-check
// One endpoint's delivery log: newest first, "show more" asks the API for a longer page (it pages
// by limit, up to 500), "send again" for a settled delivery. Refreshes while it is shown; a change
// is told to the page, whose endpoint list shows each endpoint's latest delivery.

import { html, useEffect, useLayoutEffect, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { listDeliveries, redeliver } from './webhook-api.js';
import { eventLabel, failure, responseLabel, statusLabel, when } from './webhook-wording.js';

const PAGE = 50;
const MAX = 500;
const REFRESH_MS = 3000;

/**
 * @typedef {import('./webhook-api.js').Delivery} Delivery
 * @typedef {import('./webhook-api.js').Endpoint} Endpoint
 */

/**
 * Keyed by the endpoint: another endpoint's log starts afresh.
 * @param {{ endpoint: Endpoint, opened: number, onClose: () => void, onChanged: () => void, toast: (text: string) => void }} props
 *   `opened` counts the times the log was asked for: each one reads it again and moves the focus to it.
 */
export function DeliveryLog({ endpoint, opened, onClose, onChanged, toast }) {
  const [deliveries, setDeliveries] = useState(/** @type {Delivery[] | null} */ (null));
  const [limit, setLimit] = useState(PAGE);
  const shown = useRef('');
  const title = useRef(/** @type {HTMLHeadingElement | null} */ (null));

  const load = async () => {
    const list = await listDeliveries(endpoint.id, limit);
    const text = JSON.stringify(list);
    if (text === shown.current) return;
    shown.current = text;
    setDeliveries(list);
    onChanged();
  };
  // The timer reads the log as the latest render would (its limit, its onChanged).
  const latestLoad = useRef(load);
  latestLoad.current = load;

  useEffect(() => {
    const timer = setInterval(() => void latestLoad.current().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useLayoutEffect(() => title.current?.focus(), [opened]);
  useEffect(() => {
    load().catch((/** @type {Error} */ error) => toast(failure(error)));
  }, [opened, limit]);

  const shownAll = !deliveries || deliveries.length < limit || limit >= MAX;
  return html`
    <section id="log" class="card" aria-labelledby="log-title">
      <div class="jobs-bar">
        <h2 id="log-title" tabindex="-1" ref=${title}>${t('webhooks.log.title', { url: endpoint.url })}</h2>
        <button id="log-refresh" class="btn" type="button" onClick=${() => void load().catch((/** @type {Error} */ error) => toast(failure(error)))}>${t('webhooks.log.refresh')}</button>
        <button id="log-close" class="btn btn-ghost" type="button" onClick=${onClose}>${t('webhooks.log.close')}</button>
      </div>
      <table class="jobs-table">
        <thead>
          <tr>
            <th scope="col">${t('webhooks.col.event')}</th>
            <th scope="col">${t('webhooks.col.time')}</th>
            <th scope="col">${t('webhooks.col.status')}</th>
            <th scope="col">${t('webhooks.col.attempts')}</th>
            <th scope="col">${t('webhooks.col.response')}</th>
            <th scope="col">${t('webhooks.col.nextRetry')}</th>
            <th scope="col">${t('webhooks.col.actions')}</th>
          </tr>
        </thead>
        <tbody id="deliveries">
          ${(deliveries ?? []).map(
            (delivery) => html`<${DeliveryRow} key=${delivery.id} delivery=${delivery} canResend=${endpoint.enabled} onResend=${() => resend(endpoint, delivery, load, toast)} />`,
          )}
        </tbody>
      </table>
      <p id="log-empty" class="muted" hidden=${deliveries?.length !== 0}>${t('webhooks.log.empty')}</p>
      <button id="log-more" class="btn" type="button" hidden=${shownAll} onClick=${() => setLimit(Math.min(MAX, limit + PAGE))}>${t('webhooks.log.more')}</button>
    </section>
  `;
}

/**
 * @param {Endpoint} endpoint
 * @param {Delivery} delivery
 * @param {() => Promise<void>} reload
 * @param {(text: string) => void} toast
 */
async function resend(endpoint, delivery, reload, toast) {
  try {
    await redeliver(endpoint.id, delivery.id);
    toast(t('webhooks.redelivered'));
    await reload();
  } catch (error) {
    toast(failure(/** @type {Error} */ (error)));
  }
}

/** @param {{ delivery: Delivery, canResend: boolean, onResend: () => Promise<void> }} props */
function DeliveryRow({ delivery, canResend, onResend }) {
  const [busy, setBusy] = useState(false);
  const event = eventLabel(delivery.eventType);
  const resendIt = () => {
    setBusy(true);
    void onResend().finally(() => setBusy(false));
  };
  return html`
    <tr data-id=${delivery.id} data-status=${delivery.status}>
      <td>
        <span>${event}</span>
        <br />
        <code class="muted small">${delivery.eventType}</code>
      </td>
      <td class="small"><time datetime=${delivery.createdAt}>${when(delivery.createdAt)}</time></td>
      <td><span class="webhook-status" data-status=${delivery.status}>${statusLabel(delivery.status)}</span></td>
      <td>${String(delivery.attempts)}</td>
      <td class="small webhooks-response">${responseLabel(delivery)}</td>
      <td class="small">${delivery.nextAttemptAt ? when(delivery.nextAttemptAt) : t('webhooks.none')}</td>
      <td>
        ${
          delivery.status !== 'pending' &&
          canResend &&
          html`<button class="btn" type="button" disabled=${busy} aria-label=${`${t('webhooks.redeliver')}: ${event} ${when(delivery.createdAt)}`} onClick=${resendIt}>${t('webhooks.redeliver')}</button>`
        }
      </td>
    </tr>
  `;
}
