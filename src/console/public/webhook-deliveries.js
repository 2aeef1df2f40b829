// One endpoint's delivery log on the webhooks page: newest first, "show more" asks the API for a
// longer page (it pages by limit, up to 500), "send again" for a settled delivery. Refreshes while
// it is open, redrawing only when something changed so keyboard focus stays where it was.

import { t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { $, el } from './dom.js';
import { toast } from './page-frame.js';
import { eventLabel, failure, responseLabel, statusLabel, when } from './webhook-wording.js';

const PAGE = 50;
const MAX = 500;
const REFRESH_MS = 3000;

const log = { endpoint: null, deliveries: [], limit: PAGE, shown: '', timer: 0, onChange: () => {} };

/** What to do when a delivery changed (the endpoints list shows the latest one). */
export function onDeliveriesChanged(handler) {
  log.onChange = handler;
}

export function openLog(endpoint) {
  const same = log.endpoint?.id === endpoint.id;
  log.endpoint = endpoint;
  if (!same) {
    log.deliveries = [];
    log.limit = PAGE;
    log.shown = '';
  }
  $('#log').hidden = false;
  renderLog();
  $('#log-title').focus();
  clearInterval(log.timer);
  log.timer = setInterval(() => void loadLog().catch(() => undefined), REFRESH_MS);
  return loadLog();
}

export function closeLog() {
  clearInterval(log.timer);
  log.endpoint = null;
  $('#log').hidden = true;
}

/** The endpoint changed (enabled, renamed) or is gone: the log follows. */
export function endpointsChanged(endpoints) {
  if (!log.endpoint) return;
  const current = endpoints.find((e) => e.id === log.endpoint.id);
  if (!current) return closeLog();
  log.endpoint = current;
  renderLog();
}

export async function loadLog() {
  if (!log.endpoint) return;
  const id = log.endpoint.id;
  const body = await api('GET', `/api/staff/webhooks/${encodeURIComponent(id)}/deliveries?limit=${log.limit}`);
  if (log.endpoint?.id !== id) return;
  const text = JSON.stringify(body.deliveries);
  if (text === log.shown) return;
  const changed = log.shown !== '';
  log.shown = text;
  log.deliveries = body.deliveries;
  renderLog();
  if (changed) log.onChange();
}

export function renderLog() {
  if (!log.endpoint) return;
  $('#log-title').textContent = t('webhooks.log.title', { url: log.endpoint.url });
  $('#deliveries').replaceChildren(...log.deliveries.map(deliveryRow));
  $('#log-empty').hidden = log.deliveries.length > 0;
  $('#log-more').hidden = log.deliveries.length < log.limit || log.limit >= MAX;
}

function deliveryRow(delivery) {
  const actions = el('td');
  if (delivery.status !== 'pending' && log.endpoint.enabled) {
    const button = el('button', {
      class: 'btn',
      type: 'button',
      text: t('webhooks.redeliver'),
      'aria-label': `${t('webhooks.redeliver')}: ${eventLabel(delivery.eventType)} ${when(delivery.createdAt)}`,
    });
    button.addEventListener('click', () => void redeliver(delivery, button));
    actions.append(button);
  }
  return el(
    'tr',
    { 'data-id': delivery.id, 'data-status': delivery.status },
    el('td', {}, el('span', { text: eventLabel(delivery.eventType) }), el('br'), el('code', { class: 'muted small', text: delivery.eventType })),
    el('td', { class: 'small' }, el('time', { datetime: delivery.createdAt, text: when(delivery.createdAt) })),
    el('td', {}, el('span', { class: 'webhook-status', 'data-status': delivery.status, text: statusLabel(delivery.status) })),
    el('td', { text: String(delivery.attempts) }),
    el('td', { class: 'small webhooks-response', text: responseLabel(delivery) }),
    el('td', { class: 'small', text: delivery.nextAttemptAt ? when(delivery.nextAttemptAt) : t('webhooks.none') }),
    actions,
  );
}

async function redeliver(delivery, button) {
  button.disabled = true;
  try {
    await api('POST', `/api/staff/webhooks/${encodeURIComponent(log.endpoint.id)}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`);
    toast(t('webhooks.redelivered'));
    await loadLog();
  } catch (error) {
    toast(failure(error));
    button.disabled = false;
  }
}

export function showMore() {
  log.limit = Math.min(MAX, log.limit + PAGE);
  return loadLog();
}
