// The outgoing webhooks page for admins: the endpoints with their events, state and latest
// delivery; registering one (its whsec_ secret shown this once, to copy and store); changing its
// events, disabling or enabling it, rotating its secret (the new one shown once, the old one
// signing until the time the API gives), a test event, deleting it; and each one's delivery log.
// The event types come from the API, so one added there appears here without a change.

import { t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { $, el } from './dom.js';
import { pageReady, setUpPage, showNotice, signIn, toast } from './page-frame.js';
import { closeLog, endpointsChanged, loadLog, onDeliveriesChanged, openLog, renderLog, showMore } from './webhook-deliveries.js';
import { disabledReasonLabel, eventLabel, failure, statusLabel, when } from './webhook-wording.js';

const page = { endpoints: [], eventTypes: [], shown: '', secret: null, editing: null };

// ------------------------------------------------------------------ wording

function applyStrings() {
  renderEventChoices($('#register-events'), checkedEvents($('#register-events')));
  renderEndpoints();
  renderSecret();
  renderLog();
}

// ------------------------------------------------------------------ event checkboxes

/** The event types as checkboxes in a fieldset (after its legend), `checked` ticked. */
function renderEventChoices(fieldset, checked) {
  const legend = fieldset.querySelector('legend');
  const boxes = page.eventTypes.map((type) =>
    el(
      'label',
      { class: 'webhooks-event' },
      el('input', { type: 'checkbox', name: 'events', value: type, checked: checked.includes(type) }),
      el('span', { text: eventLabel(type) }),
      el('code', { class: 'muted small', text: type }),
    ),
  );
  fieldset.replaceChildren(legend, ...boxes);
}

const checkedEvents = (fieldset) => [...fieldset.querySelectorAll('input[name="events"]:checked')].map((box) => box.value);

// ------------------------------------------------------------------ endpoints

async function loadEndpoints() {
  const body = await api('GET', '/api/staff/webhooks');
  const firstLoad = page.eventTypes.length === 0;
  page.eventTypes = body.eventTypes;
  if (firstLoad) renderEventChoices($('#register-events'), []);
  const text = JSON.stringify(body.endpoints);
  if (text === page.shown) return;
  page.shown = text;
  page.endpoints = body.endpoints;
  renderEndpoints();
  endpointsChanged(page.endpoints);
}

function renderEndpoints() {
  $('#endpoints').replaceChildren(...page.endpoints.map(endpointRow));
  $('#endpoints-empty').hidden = page.endpoints.length > 0;
}

function endpointRow(endpoint) {
  const last = endpoint.lastDelivery;
  const stateCell = el(
    'td',
    {},
    el('span', { class: 'webhook-state', 'data-enabled': String(endpoint.enabled), text: endpoint.enabled ? t('webhooks.enabled') : t('webhooks.disabled') }),
    endpoint.disabledReason ? el('p', { class: 'muted small', text: disabledReasonLabel(endpoint.disabledReason) }) : null,
    endpoint.previousSecretSignsUntil && Date.parse(endpoint.previousSecretSignsUntil) > Date.now()
      ? el('p', { class: 'muted small', text: t('webhooks.graceUntil', { until: when(endpoint.previousSecretSignsUntil) }) })
      : null,
  );
  const lastCell = last
    ? el(
        'td',
        { class: 'small' },
        el('span', { class: 'webhook-status', 'data-status': last.status, text: statusLabel(last.status) }),
        el('br'),
        el('span', { text: `${eventLabel(last.eventType)} · ${when(last.createdAt)}` }),
      )
    : el('td', { class: 'muted small', text: t('webhooks.lastNone') });
  return el(
    'tr',
    { 'data-id': endpoint.id },
    el('td', { class: 'webhooks-url' }, el('code', { text: endpoint.url }), endpoint.description ? el('p', { class: 'muted small', text: endpoint.description }) : null),
    el('td', { class: 'small' }, el('ul', { class: 'webhooks-event-list' }, ...endpoint.events.map((type) => el('li', { text: eventLabel(type), title: type })))),
    stateCell,
    el('td', { class: 'small' }, el('time', { datetime: endpoint.createdAt, text: when(endpoint.createdAt) })),
    lastCell,
    el('td', {}, endpointActions(endpoint)),
  );
}

function endpointActions(endpoint) {
  const button = (action, label, run, className = 'btn') => {
    const node = el('button', { class: className, type: 'button', 'data-action': action, text: t(label) });
    node.addEventListener('click', () => void run(node));
    return node;
  };
  return el(
    'div',
    { class: 'webhooks-actions', role: 'group', 'aria-label': t('webhooks.actionsFor', { url: endpoint.url }) },
    button('log', 'webhooks.action.log', () => openLog(endpoint).catch((error) => toast(failure(error)))),
    button('events', 'webhooks.action.events', () => editEvents(endpoint)),
    endpoint.enabled ? button('test', 'webhooks.action.test', (node) => sendTest(endpoint, node)) : null,
    button(endpoint.enabled ? 'disable' : 'enable', endpoint.enabled ? 'webhooks.action.disable' : 'webhooks.action.enable', (node) => setEnabled(endpoint, !endpoint.enabled, node)),
    button('rotate', 'webhooks.action.rotate', (node) => rotate(endpoint, node)),
    button('delete', 'webhooks.action.delete', (node) => remove(endpoint, node), 'btn btn-danger'),
  );
}

/** Runs a change from a button: the button waits, the page error says what the API refused. */
async function change(node, run, done) {
  node.disabled = true;
  $('#page-error').textContent = '';
  try {
    await run();
    if (done) toast(t(done));
    await loadEndpoints();
  } catch (error) {
    $('#page-error').textContent = failure(error);
  } finally {
    node.disabled = false;
  }
}

const path = (endpoint, tail = '') => `/api/staff/webhooks/${encodeURIComponent(endpoint.id)}${tail}`;

function setEnabled(endpoint, enabled, node) {
  return change(node, () => api('PATCH', path(endpoint), { enabled }), enabled ? 'webhooks.enabledDone' : 'webhooks.disabledDone');
}

function sendTest(endpoint, node) {
  return change(
    node,
    async () => {
      await api('POST', path(endpoint, '/test'));
      await openLog(endpoint);
    },
    'webhooks.testSent',
  );
}

async function rotate(endpoint, node) {
  if (!(await confirmed(t('webhooks.confirm.rotate', { url: endpoint.url }), t('webhooks.action.rotate')))) return;
  await change(node, async () => {
    const rotated = await api('POST', path(endpoint, '/rotate-secret'));
    showSecret({ url: endpoint.url, secret: rotated.secret, until: rotated.previousSecretSignsUntil });
  });
}

async function remove(endpoint, node) {
  if (!(await confirmed(t('webhooks.confirm.delete', { url: endpoint.url }), t('webhooks.action.delete')))) return;
  await change(node, () => api('DELETE', path(endpoint)), 'webhooks.deleted');
}

// ------------------------------------------------------------------ dialogs

/** Asks in the confirm dialog; resolves true when the staff member said yes. */
function confirmed(text, yes) {
  const dialog = $('#confirm-dialog');
  $('#confirm-text').textContent = text;
  $('#confirm-yes').textContent = yes;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true }));
}

function editEvents(endpoint) {
  page.editing = endpoint;
  $('#events-title').textContent = t('webhooks.events.title', { url: endpoint.url });
  $('#events-error').textContent = '';
  renderEventChoices($('#events-choice'), endpoint.events);
  $('#events-dialog').showModal();
}

async function saveEvents(event) {
  event.preventDefault();
  const endpoint = page.editing;
  const events = checkedEvents($('#events-choice'));
  if (!events.length) {
    $('#events-error').textContent = t('webhooks.noEvents');
    return;
  }
  try {
    await api('PATCH', path(endpoint), { events });
    $('#events-dialog').close();
    toast(t('webhooks.eventsSaved'));
    await loadEndpoints();
  } catch (error) {
    $('#events-error').textContent = failure(error);
  }
}

// ------------------------------------------------------------------ registering, the secret

async function register(event) {
  event.preventDefault();
  const url = $('#register-url').value.trim();
  const description = $('#register-description').value.trim();
  const events = checkedEvents($('#register-events'));
  $('#register-error').textContent = '';
  if (!events.length) {
    $('#register-error').textContent = t('webhooks.noEvents');
    return;
  }
  try {
    const created = await api('POST', '/api/staff/webhooks', { url, events, ...(description ? { description } : {}) });
    $('#register').reset();
    toast(t('webhooks.register.done'));
    showSecret({ url: created.url, secret: created.secret, until: null });
    await loadEndpoints();
  } catch (error) {
    $('#register-error').textContent = failure(error);
  }
}

/** The secret the API gave just now: on screen until the admin says it is stored, never kept. */
function showSecret(secret) {
  page.secret = secret;
  renderSecret();
  $('#secret-panel').focus();
}

function renderSecret() {
  const secret = page.secret;
  $('#secret-panel').hidden = !secret;
  $('#secret-value').value = secret?.secret ?? '';
  if (!secret) return;
  $('#secret-for').textContent = secret.until ? t('webhooks.secret.rotated', { url: secret.url, until: when(secret.until) }) : t('webhooks.secret.for', { url: secret.url });
}

async function copySecret() {
  const input = $('#secret-value');
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    toast(t('webhooks.secret.copied'));
  } catch {
    toast(t('webhooks.secret.copyFailed'));
  }
}

// ------------------------------------------------------------------ start

async function start() {
  await setUpPage({ titleKey: 'webhooks.title', redraw: applyStrings });
  $('#register').addEventListener('submit', (event) => void register(event));
  $('#secret-copy').addEventListener('click', () => void copySecret());
  $('#secret-done').addEventListener('click', () => {
    page.secret = null;
    renderSecret();
    $('#register-url').focus();
  });
  $('#events-form').addEventListener('submit', (event) => void saveEvents(event));
  $('#events-cancel').addEventListener('click', () => $('#events-dialog').close());
  $('#log-refresh').addEventListener('click', () => void loadLog().catch((error) => toast(failure(error))));
  $('#log-close').addEventListener('click', closeLog);
  $('#log-more').addEventListener('click', () => void showMore().catch((error) => toast(failure(error))));
  onDeliveriesChanged(() => void loadEndpoints().catch(() => undefined));
  applyStrings();
  try {
    await signIn('admin');
    await loadEndpoints();
    $('#webhooks').hidden = false;
  } catch (error) {
    showNotice('webhooks', error);
  } finally {
    pageReady();
  }
}

void start();
