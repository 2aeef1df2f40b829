// @ts-check
// The follow-ups view for supervisors: callbacks, revisits, greetings, check-ins and chat ratings by
// state, opening on what is scheduled, with what each status means, a callback's note, a link to
// the conversation a follow-up belongs to, and retry and cancel. Uses the console's session
// (page-frame.js). Refreshes every 10 seconds.

import { locale, t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { pageReady, setUpPage, showNotice, signIn, toast } from './page-frame.js';

/** What the page opens on first: what is coming, then what is late. */
const VIEWS = ['scheduled', 'due', 'failed', 'missed', 'sent', 'cancelled'];
const KINDS = ['callback', 'revisit', 'greeting', 'outreach', 'rating'];
const STATUSES = ['waiting', 'scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'missed'];
const PAGE = 50;

/**
 * @typedef {{ id: string, kind: string, status: string, dueAt: string, sentAt: string | null, missedAt: string | null, attempts: number,
 *   lastError: string | null, customer: { id: string, name: string | null, tier: string }, conversationId: string | null, note: string | null }} FollowUp
 */

const state = {
  view: 'scheduled',
  kind: '',
  /** @type {FollowUp[]} */
  items: [],
  /** @type {Record<string, number>} */
  counts: {},
  offset: 0,
  more: false,
};

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {string} iso */
function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function redraw() {
  const kind = /** @type {HTMLSelectElement} */ (byId('kind'));
  kind.replaceChildren(...['', ...KINDS].map((k) => Object.assign(document.createElement('option'), { value: k, textContent: t(k ? `jobs.kind.${k}` : 'jobs.kind.all'), selected: k === state.kind })));
  renderLegend();
  renderViews();
  renderRows();
}

/** Every status in words, in the order a follow-up goes through them. */
function renderLegend() {
  byId('status-list').replaceChildren(
    ...STATUSES.flatMap((status) => {
      const term = element('dt', `status status-${status}`, t(`jobs.status.${status}`));
      return [term, element('dd', 'muted small', t(`jobs.statusHelp.${status}`))];
    }),
  );
}

function renderViews() {
  byId('views').replaceChildren(
    ...VIEWS.map((view) => {
      const button = element('button', 'tab');
      button.setAttribute('type', 'button');
      button.setAttribute('role', 'tab');
      button.setAttribute('aria-selected', String(view === state.view));
      button.dataset.view = view;
      const count = state.counts[view];
      button.textContent = count === undefined ? t(`jobs.view.${view}`) : `${t(`jobs.view.${view}`)} ${count}`;
      button.addEventListener('click', () => {
        state.view = view;
        void load(true);
      });
      return button;
    }),
  );
  byId('view-help').textContent = t(`jobs.viewHelp.${state.view}`);
}

function renderRows() {
  const rows = state.items.map((item) => {
    const tr = element('tr');
    tr.dataset.id = item.id;
    const status = item.missedAt ? 'missed' : item.status;
    const statusCell = element('td', `status status-${status}`, t(`jobs.status.${status}`));
    statusCell.title = t(`jobs.statusHelp.${status}`);
    tr.append(
      element('td', '', t(`jobs.kind.${item.kind}`)),
      customerCell(item),
      element('td', '', when(item.sentAt ?? item.dueAt)),
      statusCell,
      element('td', '', String(item.attempts)),
      noteCell(item),
    );
    const actions = element('td');
    if (item.status === 'failed' || item.status === 'cancelled') actions.append(actionButton(item.id, 'retry', 'jobs.retry', 'jobs.retried'));
    if (['waiting', 'scheduled', 'queued', 'failed'].includes(item.status)) actions.append(actionButton(item.id, 'cancel', 'jobs.cancel', 'jobs.cancelled'));
    tr.append(actions);
    return tr;
  });
  byId('rows').replaceChildren(...rows);
  byId('empty').hidden = state.items.length > 0;
  byId('more').hidden = !state.more;
}

/** The customer, linked to the conversation the follow-up belongs to when there is one. */
function customerCell(/** @type {FollowUp} */ item) {
  const td = element('td');
  const name = `${item.customer.name ?? item.customer.id.slice(0, 8)} · ${item.customer.tier}`;
  if (!item.conversationId) {
    td.textContent = name;
    return td;
  }
  const link = /** @type {HTMLAnchorElement} */ (element('a', 'conversation-link', name));
  link.href = `/console/?conversation=${encodeURIComponent(item.conversationId)}`;
  link.title = t('jobs.openConversation');
  td.append(link);
  return td;
}

/** What staff wrote when they scheduled it, then why it went wrong (missed, or the last error). */
function noteCell(/** @type {FollowUp} */ item) {
  const td = element('td', 'small');
  if (item.note) td.append(element('span', 'follow-up-note', item.note));
  const problem = item.missedAt ? t('jobs.missedAt', { time: when(item.missedAt) }) : item.lastError;
  if (problem) td.append(element('span', 'muted follow-up-error', problem));
  return td;
}

/**
 * @param {string} id
 * @param {'retry' | 'cancel'} action
 * @param {string} label
 * @param {string} done
 */
function actionButton(id, action, label, done) {
  const button = /** @type {HTMLButtonElement} */ (element('button', action === 'cancel' ? 'btn btn-danger' : 'btn', t(label)));
  button.type = 'button';
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/staff/follow-ups/${encodeURIComponent(id)}/${action}`);
      toast(t(done));
      await load(true);
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error));
      button.disabled = false;
    }
  });
  return button;
}

/** @param {boolean} reset */
async function load(reset) {
  if (reset) state.offset = 0;
  const query = new URLSearchParams({ view: state.view, limit: String(PAGE), offset: String(state.offset), ...(state.kind ? { kind: state.kind } : {}) });
  const body = await api('GET', `/api/staff/follow-ups?${query}`);
  state.counts = body.counts;
  state.items = reset ? body.followUps : [...state.items, ...body.followUps];
  state.more = body.followUps.length === PAGE;
  byId('refreshed').textContent = t('jobs.refreshed', { time: new Date().toLocaleTimeString(locale()) });
  renderViews();
  renderRows();
}

async function start() {
  await setUpPage({ titleKey: 'jobs.title', redraw });
  byId('kind').addEventListener('change', (event) => {
    state.kind = /** @type {HTMLSelectElement} */ (event.target).value;
    void load(true);
  });
  byId('more').addEventListener('click', () => {
    state.offset += PAGE;
    void load(false);
  });
  redraw();
  try {
    const me = await signIn('supervisor');
    byId('dashboard').hidden = me.role !== 'admin';
    await load(true);
    byId('jobs').hidden = false;
    setInterval(() => void load(true).catch(() => undefined), 10_000);
  } catch (error) {
    showNotice('jobs', error);
  } finally {
    pageReady();
  }
}

void start();
