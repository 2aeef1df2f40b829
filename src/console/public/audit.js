/* global document, URLSearchParams */
// The audit log for admins: who did what and when, filtered by action, entity, staff member and
// time, newest first with "show older", and the same filters as a CSV file. Uses the console's
// session; reads only.

import { $, el } from './dom.js';
import { state } from './console-state.js';
import { setUpPageLanguage } from './page-language.js';
import { t } from './wording.js';
import { api } from './api.js';
import { toast } from './alerts.js';

const PAGE = 50;
const FIELDS = ['action', 'entity', 'entityId', 'actorId'];
const page = { entries: [], next: null, query: new URLSearchParams() };

function applyStrings() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('audit.title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  renderRows();
}

function when(iso) {
  return new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

function actorLabel(entry) {
  if (entry.actorType === 'staff') return entry.actorName ?? entry.actorId ?? '';
  return t(`audit.actor.${entry.actorType}`);
}

function renderRows() {
  $('#rows').replaceChildren(
    ...page.entries.map((entry) =>
      el(
        'tr',
        { 'data-id': entry.id },
        el('td', { class: 'small', text: when(entry.createdAt) }),
        el('td', { text: actorLabel(entry), title: entry.actorId ?? undefined }),
        el('td', { text: entry.action }),
        el('td', { class: 'small', text: `${entry.entity} ${entry.entityId}` }),
        el('td', { class: 'muted small audit-details', text: JSON.stringify(entry.details) }),
      ),
    ),
  );
  $('#empty').hidden = page.entries.length > 0;
  $('#more').hidden = !page.next;
}

/** The filters as the API takes them; datetime-local fields are local times. */
function readFilters() {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = $(`#f-${field}`).value.trim();
    if (value) query.set(field, value);
  }
  for (const field of ['from', 'to']) {
    const value = $(`#f-${field}`).value;
    if (value) query.set(field, new Date(value).toISOString());
  }
  return query;
}

async function load(reset) {
  const query = new URLSearchParams(page.query);
  query.set('limit', String(PAGE));
  if (!reset && page.next) query.set('cursor', page.next);
  const body = await api('GET', `/api/staff/audit?${query}`);
  page.entries = reset ? body.entries : [...page.entries, ...body.entries];
  page.next = body.nextCursor;
  renderRows();
}

async function applyFilters(event) {
  event?.preventDefault();
  page.query = readFilters();
  $('#csv').href = `/api/staff/audit.csv${page.query.size ? `?${page.query}` : ''}`;
  $('#filter-error').textContent = '';
  try {
    await load(true);
  } catch (error) {
    $('#filter-error').textContent = error.message;
  }
}

async function start() {
  await setUpPageLanguage(applyStrings);
  $('#filters').addEventListener('submit', (event) => void applyFilters(event));
  $('#clear').addEventListener('click', () => {
    $('#filters').reset();
    void applyFilters();
  });
  $('#more').addEventListener('click', () => void load(false).catch((error) => toast(error.message)));
  applyStrings();
  try {
    const me = await api('GET', '/api/staff/me');
    state.me = me.staff;
    state.csrf = me.csrfToken;
    if (me.staff.role !== 'admin') throw Object.assign(new Error('admin only'), { status: 403 });
    const [{ actions }] = await Promise.all([api('GET', '/api/staff/audit/actions'), load(true)]);
    $('#actions').replaceChildren(...actions.map((action) => el('option', { value: action })));
    $('#audit').hidden = false;
  } catch (error) {
    $('#notice').textContent = error.status === 403 ? t('audit.forbidden') : t('audit.signIn');
    $('#notice').hidden = false;
  } finally {
    $('#app').removeAttribute('aria-busy');
  }
}

void start();
