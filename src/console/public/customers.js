// The customer list: search by name, phone (any spelling), email, order number or external id,
// filters by tier, lifecycle, loyalty and tag, paged. A row opens the profile card in its four
// parts (seed 000) with the reasons for its segments, the fields due for review and the whole
// contact log, where a call or a visit is recorded. Uses the console's session.

import { hasString, language, locale, t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { channelLabel, languageLabel, when } from './console-labels.js';
import { $, el } from './dom.js';
import { pageReady, setUpPage, showNotice, signIn, toast } from './page-frame.js';
import { renderMerges, setUpDuplicates } from './customer-merges.js';
import { setUpCsvTools } from './customer-csv.js';

const PAGE_SIZE = 25;
const LOG_PAGE_SIZE = 50;
const TIERS = ['A', 'B', 'C'];
const LIFECYCLES = ['exploration', 'formation', 'stability', 'decline'];
const LOYALTIES = ['loyal', 'switching', 'none'];
const MANUAL_KINDS = ['call', 'visit', 'other'];
const view = { customers: [], total: 0, page: 1, query: new URLSearchParams(), card: null, log: [], logTotal: 0, logPage: 1 };

const label = (key, fallback) => (hasString(key) ? t(key) : fallback);
const lifecycleLabel = (stage) => label(`customers.lifecycle.${stage}`, stage);
const loyaltyLabel = (loyalty) => label(`customers.loyalty.${loyalty}`, loyalty);
const kindLabel = (kind) => label(`customers.kind.${kind}`, kind);
const contactChannel = (channel) => label(`customers.channel.${channel}`, channelLabel(channel));

function money(cents, currency = 'CNY') {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);
}

function options(select, values, labelOf, anyKey) {
  const current = select.value;
  select.replaceChildren(...(anyKey ? [el('option', { value: '', text: t(anyKey) })] : []), ...values.map((value) => el('option', { value, text: labelOf(value) })));
  select.value = current || (anyKey ? '' : values[0]);
}

function applyStrings() {
  options($('#f-tier'), TIERS, (tier) => tier, 'customers.any');
  options($('#f-lifecycle'), LIFECYCLES, lifecycleLabel, 'customers.any');
  options($('#f-loyalty'), LOYALTIES, loyaltyLabel, 'customers.any');
  options($('#c-kind'), MANUAL_KINDS, kindLabel);
  renderRows();
  if (view.card) renderCard();
}

// ------------------------------------------------------------------ the list

function renderRows() {
  $('#rows').replaceChildren(
    ...view.customers.map((c) =>
      el(
        'tr',
        { 'data-id': c.id, class: 'customer-row', tabIndex: 0, title: t('customers.open') },
        el('td', {}, el('strong', { text: c.name || t('anonymous') }), c.isKey ? el('span', { class: 'badge key', text: ' ★' }) : null),
        el('td', { text: c.phone ?? '' }),
        el('td', { text: c.email ?? '' }),
        el('td', {}, el('span', { class: `badge tier tier-${c.tier}`, text: c.tier })),
        el('td', { text: lifecycleLabel(c.lifecycleStage) }),
        el('td', { text: loyaltyLabel(c.loyalty) }),
        el('td', { class: 'small', text: c.tags.join(', ') }),
        el('td', { class: 'small', text: c.lastContactAt ? when(c.lastContactAt) : '' }),
      ),
    ),
  );
  const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));
  $('#empty').hidden = view.customers.length > 0;
  $('#total').textContent = t('customers.total', { n: view.total });
  $('#page-info').textContent = t('customers.page', { page: view.page, pages });
  $('#prev').disabled = view.page <= 1;
  $('#next').disabled = view.page >= pages;
}

function readFilters() {
  const query = new URLSearchParams();
  for (const field of ['q', 'tier', 'lifecycle', 'loyalty', 'tag']) {
    const value = $(`#f-${field}`).value.trim();
    if (value) query.set(field, value);
  }
  return query;
}

async function load(page) {
  const query = new URLSearchParams(view.query);
  query.set('page', String(page));
  query.set('pageSize', String(PAGE_SIZE));
  const body = await api('GET', `/api/staff/customers?${query}`);
  view.customers = body.customers;
  view.total = body.total;
  view.page = page;
  renderRows();
}

async function applyFilters(event) {
  event?.preventDefault();
  view.query = readFilters();
  $('#filter-error').textContent = '';
  try {
    await load(1);
  } catch (error) {
    $('#filter-error').textContent = error.message;
  }
}

// ------------------------------------------------------------------ the card

/** One line of a part: its label, its value, and a flag when the field is due for review. */
function line(labelKey, value, fields = []) {
  const card = view.card;
  const stale = fields.some((field) => card.staleFields.includes(field));
  const confirmed = fields.map((field) => card.fieldConfirmations[field]).find(Boolean);
  const flag = stale ? el('span', { class: 'badge stale', 'data-stale': fields.join(' '), text: t('customers.card.stale') }) : null;
  const source = confirmed?.by === 'inferred' ? el('span', { class: 'muted small', text: ` (${t('customers.card.inferred')})` }) : null;
  return [
    el('dt', { text: t(labelKey) }),
    el('dd', { 'data-field': fields[0] }, value === null || value === undefined || value === '' ? el('span', { class: 'muted', text: '—' }) : String(value), source, flag),
  ];
}

/** The value, and the rule that set it in the staff member's language. */
function withReason(value, reason) {
  return reason ? `${value} — ${reason[language()] ?? reason.en}` : value;
}

function renderCard() {
  const c = view.card;
  $('#card-title').textContent = c.name || t('anonymous');
  const { basic, characteristics: ch, business: b, transactions: tx } = c;
  $('#part-basic').replaceChildren(
    ...line('customers.field.name', basic.name, ['name']),
    ...line('customers.field.phones', basic.phones.join(', '), ['phone', 'phones']),
    ...line('customers.field.emails', basic.emails.join(', '), ['email', 'emails']),
    ...line('customers.field.address', basic.address, ['address']),
    ...line('customers.field.birthday', basic.birthday, ['birthday']),
    ...line('customers.field.organization', basic.organization, ['organization']),
    ...line('customers.field.contactPerson', basic.contactPerson, ['contactPerson']),
    ...line('customers.field.externalId', c.externalId),
  );
  const preferences = Object.entries(ch.preferences).map(([key, value]) => `${key}: ${String(value)}`);
  $('#part-characteristics').replaceChildren(
    ...line('customers.field.locale', languageLabel(ch.locale), ['locale']),
    ...line('customers.field.timezone', ch.timezone, ['timezone']),
    ...line('customers.field.country', ch.country, ['country']),
    ...line('customers.field.channels', ch.channels.map(channelLabel).join(', ')),
    ...line('customers.field.preferences', preferences.join('; '), ['preferences']),
    ...line('customers.field.tags', ch.tags.join(', '), ['tags']),
  );
  $('#part-business').replaceChildren(
    ...line('customers.field.tier', withReason(`${b.tier}${b.tierPinned ? ` (${t('customers.card.pinned')})` : ''}`, b.tierReason)),
    ...line('customers.field.lifecycle', withReason(lifecycleLabel(b.lifecycleStage), b.lifecycleReason)),
    ...line('customers.field.loyalty', withReason(loyaltyLabel(b.loyalty), b.loyaltyReason)),
    ...line('customers.field.keyAccountManager', b.needsKeyAccountManager ? t('customers.card.needsManager') : (b.keyAccountManager?.name ?? null)),
    ...line('customers.field.creditNote', b.creditNote, ['creditNote']),
  );
  const last = tx.lastOrder;
  $('#part-transactions').replaceChildren(
    ...line('customers.field.orders', String(tx.orders)),
    ...line('customers.field.total', money(tx.totalCents, last?.currency)),
    ...line('customers.field.last12Months', money(tx.last12MonthsCents, last?.currency)),
    ...line('customers.field.lastOrder', last ? `${last.number} · ${when(last.placedAt)} · ${money(last.amountCents, last.currency)}` : null),
    ...line('customers.field.complaints', String(tx.complaints)),
    ...line('customers.field.satisfaction', tx.satisfactionAverage === null ? null : t('customers.card.satisfaction', { score: tx.satisfactionAverage, n: tx.surveys })),
  );
  const stale = c.staleFields.map((field) => t(`customers.field.${field}`));
  $('#stale-note').hidden = stale.length === 0;
  $('#stale-note').textContent = t('customers.card.staleNote', { fields: stale.join(', ') });
  $('#confirm-stale').hidden = stale.length === 0;
  renderLog();
}

function renderLog() {
  $('#log').replaceChildren(
    ...view.log.map((c) =>
      el(
        'li',
        { 'data-id': c.id, 'data-kind': c.kind },
        el(
          'div',
          { class: 'contact-head' },
          el('strong', { text: kindLabel(c.kind) }),
          el('span', { class: 'muted small', text: `${contactChannel(c.channel)} · ${when(c.createdAt)}${c.staff ? ` · ${c.staff.name}` : ''}` }),
        ),
        el('div', { text: c.summary }),
        c.outcome ? el('div', { class: 'muted small', text: `${t('customers.log.outcome')}: ${c.outcome}` }) : null,
        c.impressions ? el('div', { class: 'muted small', text: `${t('customers.log.impressions')}: ${c.impressions}` }) : null,
      ),
    ),
  );
  $('#log-empty').hidden = view.log.length > 0;
  $('#log-more').hidden = view.log.length >= view.logTotal;
}

async function loadLog(page) {
  const body = await api('GET', `/api/staff/customers/${encodeURIComponent(view.card.id)}/contacts?page=${page}&pageSize=${LOG_PAGE_SIZE}`);
  view.log = page === 1 ? body.contacts : [...view.log, ...body.contacts];
  view.logTotal = body.total;
  view.logPage = page;
  renderLog();
}

async function openCard(id) {
  const { customer } = await api('GET', `/api/staff/customers/${encodeURIComponent(id)}`);
  view.card = customer;
  view.log = [];
  view.logTotal = 0;
  renderCard();
  $('#card').hidden = false;
  await Promise.all([loadLog(1), renderMerges(customer, openCard)]);
  $('#card').scrollIntoView({ block: 'start' });
}

async function recordContact(event) {
  event.preventDefault();
  const summary = $('#c-summary').value.trim();
  const outcome = $('#c-outcome').value.trim();
  const impressions = $('#c-impressions').value.trim();
  $('#contact-error').textContent = '';
  if (!summary) {
    $('#contact-error').textContent = t('customers.log.summaryNeeded');
    return;
  }
  const body = { kind: $('#c-kind').value, summary, ...(outcome ? { outcome } : {}), ...(impressions ? { impressions } : {}) };
  $('#c-submit').disabled = true;
  try {
    await api('POST', `/api/staff/customers/${encodeURIComponent(view.card.id)}/contacts`, body);
    $('#contact-form').reset();
    toast(t('customers.log.recorded'));
    await loadLog(1);
  } catch (error) {
    $('#contact-error').textContent = error.message;
  } finally {
    $('#c-submit').disabled = false;
  }
}

async function confirmStale() {
  try {
    const { customer } = await api('PATCH', `/api/staff/customers/${encodeURIComponent(view.card.id)}`, { confirmFields: view.card.staleFields });
    view.card = customer;
    renderCard();
    toast(t('customers.card.confirmed'));
  } catch (error) {
    toast(error.message);
  }
}

// ------------------------------------------------------------------ start

function rowOpener(event) {
  if (event.type === 'keydown' && event.key !== 'Enter') return;
  const row = event.target.closest('tr[data-id]');
  if (row) void openCard(row.dataset.id).catch((error) => toast(error.message));
}

async function start() {
  await setUpPage({ titleKey: 'customers.title', redraw: applyStrings });
  $('#filters').addEventListener('submit', (event) => void applyFilters(event));
  $('#clear').addEventListener('click', () => {
    $('#filters').reset();
    void applyFilters();
  });
  $('#prev').addEventListener('click', () => void load(view.page - 1).catch((error) => toast(error.message)));
  $('#next').addEventListener('click', () => void load(view.page + 1).catch((error) => toast(error.message)));
  $('#rows').addEventListener('click', rowOpener);
  $('#rows').addEventListener('keydown', rowOpener);
  $('#card-close').addEventListener('click', () => {
    view.card = null;
    $('#card').hidden = true;
  });
  $('#contact-form').addEventListener('submit', (event) => void recordContact(event));
  $('#confirm-stale').addEventListener('click', () => void confirmStale());
  $('#log-more').addEventListener('click', () => void loadLog(view.logPage + 1).catch((error) => toast(error.message)));
  applyStrings();
  try {
    await signIn();
    setUpDuplicates(openCard);
    setUpCsvTools(
      () => readFilters(),
      () => load(1),
    );
    await load(1);
    $('#customers').hidden = false;
  } catch (error) {
    showNotice('customers', error);
  } finally {
    pageReady();
  }
}

void start();
