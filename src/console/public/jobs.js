// The follow-ups view for supervisors: callbacks, revisits, greetings, check-ins and chat ratings by state
// (scheduled, due, sent, failed, cancelled, missed), with retry and cancel. Uses the console's
// session; the CSRF token comes from /api/staff/me. Refreshes every 10 seconds.
/* global document, localStorage, fetch, setInterval, setTimeout, URLSearchParams */

const LANG_KEY = 'care.console.lang';
const VIEWS = ['due', 'scheduled', 'failed', 'missed', 'sent', 'cancelled'];
const KINDS = ['callback', 'revisit', 'greeting', 'outreach', 'rating'];
const PAGE = 50;

const state = { strings: { en: {}, zh: {} }, lang: 'en', csrf: '', me: null, view: 'due', kind: '', items: [], counts: {}, offset: 0, more: false };
const $ = (selector) => document.querySelector(selector);

function t(key, vars = {}) {
  const text = state.strings[state.lang]?.[key] ?? state.strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function when(iso) {
  return new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function toast(text) {
  const node = $('#toast');
  node.textContent = text;
  node.hidden = false;
  setTimeout(() => (node.hidden = true), 3000);
}

async function api(method, path) {
  const headers = method === 'GET' ? {} : { 'x-csrf-token': state.csrf };
  const response = await fetch(path, { method, headers, credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body?.error?.message ?? `HTTP ${response.status}`), { status: response.status });
  return body;
}

function applyStrings() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  const kind = $('#kind');
  kind.replaceChildren(...['', ...KINDS].map((k) => Object.assign(document.createElement('option'), { value: k, textContent: t(k ? `jobs.kind.${k}` : 'jobs.kind.all'), selected: k === state.kind })));
  renderViews();
  renderRows();
}

function renderViews() {
  $('#views').replaceChildren(
    ...VIEWS.map((view) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'tab';
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
}

function renderRows() {
  const rows = state.items.map((item) => {
    const tr = document.createElement('tr');
    tr.dataset.id = item.id;
    const customer = `${item.customer.name ?? item.customer.id.slice(0, 8)} · ${item.customer.tier}`;
    const note = item.missedAt ? `${t('jobs.view.missed')} ${when(item.missedAt)}` : (item.lastError ?? '');
    tr.append(cell(t(`jobs.kind.${item.kind}`)), cell(customer), cell(when(item.sentAt ?? item.dueAt)), cell(item.status, `status status-${item.status}`), cell(String(item.attempts)), cell(note, 'muted small'));
    const actions = document.createElement('td');
    if (item.status === 'failed' || item.status === 'cancelled') actions.append(actionButton(item.id, 'retry', 'jobs.retry', 'jobs.retried'));
    if (['waiting', 'scheduled', 'queued', 'failed'].includes(item.status)) actions.append(actionButton(item.id, 'cancel', 'jobs.cancel', 'jobs.cancelled'));
    tr.append(actions);
    return tr;
  });
  $('#rows').replaceChildren(...rows);
  $('#empty').hidden = state.items.length > 0;
  $('#more').hidden = !state.more;
}

function actionButton(id, action, label, done) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = action === 'cancel' ? 'btn btn-danger' : 'btn';
  button.textContent = t(label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/staff/follow-ups/${encodeURIComponent(id)}/${action}`);
      toast(t(done));
      await load(true);
    } catch (error) {
      toast(error.message);
      button.disabled = false;
    }
  });
  return button;
}

async function load(reset) {
  if (reset) state.offset = 0;
  const query = new URLSearchParams({ view: state.view, limit: String(PAGE), offset: String(state.offset), ...(state.kind ? { kind: state.kind } : {}) });
  const body = await api('GET', `/api/staff/follow-ups?${query}`);
  state.counts = body.counts;
  state.items = reset ? body.followUps : [...state.items, ...body.followUps];
  state.more = body.followUps.length === PAGE;
  $('#refreshed').textContent = t('jobs.refreshed', { time: new Date().toLocaleTimeString(state.lang === 'zh' ? 'zh-CN' : 'en-GB') });
  renderViews();
  renderRows();
}

async function start() {
  state.strings = await (await fetch('/console/strings.json')).json();
  state.lang = localStorage.getItem(LANG_KEY) ?? (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en');
  $('#lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(LANG_KEY, state.lang);
    applyStrings();
  });
  $('#kind').addEventListener('change', (event) => {
    state.kind = event.target.value;
    void load(true);
  });
  $('#more').addEventListener('click', () => {
    state.offset += PAGE;
    void load(false);
  });
  applyStrings();
  try {
    const me = await api('GET', '/api/staff/me');
    state.me = me.staff;
    state.csrf = me.csrfToken;
    $('#dashboard').hidden = me.staff.role !== 'admin';
    await load(true);
    $('#jobs').hidden = false;
    setInterval(() => void load(true).catch(() => undefined), 10_000);
  } catch (error) {
    $('#notice').textContent = error.status === 403 ? t('jobs.forbidden') : t('jobs.signIn');
    $('#notice').hidden = false;
  } finally {
    $('#app').removeAttribute('aria-busy');
  }
}

void start();
