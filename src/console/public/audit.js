/* global URLSearchParams */
// The audit log for admins: who did what and when, filtered by action, entity, staff member and
// time, newest first with "show older", and the same filters as a CSV file. Uses the console's
// session; reads only.

import { locale, t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { $, el } from './dom.js';
import { pageReady, setUpPage, showNotice, signIn, toast } from './page-frame.js';

const PAGE = 50;
const FIELDS = ['action', 'entity', 'entityId', 'actorId'];
const page = { entries: [], next: null, query: new URLSearchParams() };

function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
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
  await setUpPage({ titleKey: 'audit.title', redraw: renderRows });
  $('#filters').addEventListener('submit', (event) => void applyFilters(event));
  $('#clear').addEventListener('click', () => {
    $('#filters').reset();
    void applyFilters();
  });
  $('#more').addEventListener('click', () => void load(false).catch((error) => toast(error.message)));
  try {
    await signIn('admin');
    const [{ actions }] = await Promise.all([api('GET', '/api/staff/audit/actions'), load(true)]);
    $('#actions').replaceChildren(...actions.map((action) => el('option', { value: action })));
    $('#audit').hidden = false;
  } catch (error) {
    showNotice('audit', error);
  } finally {
    pageReady();
  }
}

void start();
