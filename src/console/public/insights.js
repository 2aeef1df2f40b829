// The Insights page for supervisors and admins: conversations, complaints, the five-step funnel,
// handoffs, containment, satisfaction (revisit surveys and ratings after a chat), people's times,
// the customers' tier and lifecycle mix and the knowledge gaps over a range of days (of the staff's
// time zone, which the page asks the API for), for a channel and a language, from GET /api/staff/insights. Each chart comes with its key figures in words, its
// data as a table and as a CSV file; the filters live in the address so a view can be shared.
// ECharts is the page's one vendor script (served from node_modules at /console/vendor/).

import { hasString, language, t } from '../assets/kit/i18n.js';
import { api } from '../assets/kit/api.js';
import { channelLabel, languageLabel } from './console-labels.js';
import { $, el } from './dom.js';
import { pageReady, setUpPage, signIn } from './page-frame.js';
import { CHANNELS, LANGUAGES, QUICK_RANGES, apiQuery, lastDays, pageQuery, readFilters, zonedDay } from './insights-filters.js';
import { CHART_IDS, cellFormat, csvOf, insightTables } from './insights-tables.js';
import { formatDay, formatValue } from './insights-format.js';
import { chartOption } from './insights-charts.js';
import { buildCsv, csvFileName } from './insights-csv.js';

/** Charts that take the whole width: a day per bar or point, five steps side by side, long questions. */
const WIDE = new Set(['conversations', 'funnel', 'surveyTrend', 'chatCsat', 'knowledgeGaps']);

const view = {
  /** STAFF_TIMEZONE (GET /api/webchat/info): whose calendar "today" and the days are of. */
  timeZone: 'UTC',
  filters: readFilters(location.search, new Date()),
  /** The last figures the API answered, and their tables by chart id. */
  insights: null,
  tables: {},
  charts: new Map(),
  /** Only the answer to the latest request is shown. */
  request: 0,
};

// ------------------------------------------------------------------ wording

/** A code's name in the console's language; a code the wording does not know is shown as it is. */
function label(kind, code) {
  const key = kind === 'category' ? `insights.category.${code}` : kind === 'lifecycle' ? `customers.lifecycle.${code}` : `${kind}.${code}`;
  return hasString(key) ? t(key) : code;
}

const words = () => ({ t, label, format: (value, format) => formatValue(value, format, language(), t) });

function applyStrings() {
  fillSelect($('#f-channel'), CHANNELS, channelLabel, view.filters.channel);
  fillSelect($('#f-language'), LANGUAGES, languageLabel, view.filters.language);
  renderQuickRanges();
  if (view.insights) render();
}

function fillSelect(select, values, labelOf, selected) {
  select.replaceChildren(el('option', { value: '', text: t('insights.filter.any') }), ...values.map((value) => el('option', { value, text: labelOf(value) })));
  select.value = selected;
}

// ------------------------------------------------------------------ filters

function showFilters() {
  $('#f-from').value = view.filters.from;
  $('#f-to').value = view.filters.to;
  $('#f-channel').value = view.filters.channel;
  $('#f-language').value = view.filters.language;
  renderQuickRanges();
}

function renderQuickRanges() {
  const today = new Date();
  $('#quick').replaceChildren(
    ...QUICK_RANGES.map((days) => {
      const range = lastDays(days, today, view.timeZone);
      const current = range.from === view.filters.from && range.to === view.filters.to;
      const button = el('button', { class: 'btn', type: 'button', 'data-days': String(days), 'aria-pressed': String(current), text: t('insights.quick', { n: days }) });
      button.addEventListener('click', () => void applyFilters({ ...view.filters, ...lastDays(days, new Date(), view.timeZone) }));
      return button;
    }),
  );
}

function readForm() {
  return { from: $('#f-from').value, to: $('#f-to').value, channel: $('#f-channel').value, language: $('#f-language').value };
}

/** Shows the filters, puts them in the address (replacing it: the back button leaves the page) and loads the figures. */
async function applyFilters(filters) {
  view.filters = filters;
  showFilters();
  history.replaceState(null, '', `${location.pathname}?${pageQuery(filters)}`);
  await load();
}

// ------------------------------------------------------------------ figures

async function load() {
  const request = ++view.request;
  $('#charts').setAttribute('aria-busy', 'true');
  $('#filter-error').textContent = '';
  try {
    const insights = await api('GET', `/api/staff/insights?${apiQuery(view.filters, view.timeZone)}`);
    if (request !== view.request) return;
    view.insights = insights;
    render();
  } catch (error) {
    if (request !== view.request) return;
    if (error.status === 403) showNotice('insights.forbidden');
    else $('#filter-error').textContent = t('insights.error', { message: error.message });
  } finally {
    if (request === view.request) $('#charts').removeAttribute('aria-busy');
  }
}

function render() {
  view.tables = insightTables(view.insights, words());
  for (const id of CHART_IDS) renderChart(id);
  $('#range').textContent = rangeText(view.insights.range);
}

/** The range the figures are of, as the API applied it, in days of the staff's time zone. */
function rangeText(range) {
  const lastDay = zonedDay(new Date(Date.parse(range.to) - 1), range.timeZone);
  const parts = [t('insights.range', { from: formatDay(zonedDay(new Date(range.from), range.timeZone), language()), to: formatDay(lastDay, language()), zone: range.timeZone })];
  if (range.channel) parts.push(channelLabel(range.channel));
  if (range.language) parts.push(languageLabel(range.language));
  return parts.join(' · ');
}

// ------------------------------------------------------------------ charts

function chartCard(id) {
  const csv = el('button', { class: 'btn', type: 'button', 'data-csv': id });
  csv.addEventListener('click', () => downloadCsv(id));
  return el(
    'section',
    { class: `card insight${WIDE.has(id) ? ' insight-wide' : ''}`, id: `chart-${id}`, 'data-chart': id, 'aria-labelledby': `title-${id}` },
    el('div', { class: 'insight-head' }, el('h2', { id: `title-${id}` }), csv),
    el(
      'figure',
      {},
      el('div', { class: 'insight-chart', role: 'img' }),
      el('p', { class: 'insight-empty', hidden: true }),
      el('figcaption', {}),
      el('details', {}, el('summary', {}), el('table', {})),
    ),
  );
}

function renderChart(id) {
  const card = $(`#chart-${id}`);
  const table = view.tables[id];
  const title = t(`insights.chart.${id}`);
  card.querySelector('h2').textContent = title;
  const csv = card.querySelector('[data-csv]');
  csv.textContent = t('insights.csv');
  csv.setAttribute('aria-label', t('insights.csvLabel', { chart: title }));
  card.querySelector('figcaption').textContent = table.summary;
  card.querySelector('summary').textContent = t('insights.table');
  card.querySelector('table').replaceChildren(...dataTable(table));
  const empty = card.querySelector('.insight-empty');
  empty.textContent = t(table.emptyKey);
  empty.hidden = !table.empty;
  const box = card.querySelector('.insight-chart');
  box.hidden = table.empty;
  box.setAttribute('aria-label', `${title}: ${table.summary}`);
  if (table.empty) {
    view.charts.get(id)?.dispose();
    view.charts.delete(id);
    return;
  }
  let chart = view.charts.get(id);
  if (!chart) {
    chart = echarts.init(box, null, { renderer: 'canvas' });
    view.charts.set(id, chart);
    resizer.observe(box);
  }
  chart.setOption(chartOption(id, table, theme(), words()), { notMerge: true });
}

/** The chart's figures as a table, each figure as read and, in data-value, as the API gave it. */
function dataTable(table) {
  const head = el('thead', {}, el('tr', {}, ...table.columns.map((column) => el('th', { scope: 'col', text: column.label }))));
  const rows = table.rows.map((row, r) =>
    el(
      'tr',
      {},
      ...row.map((value, c) =>
        el(c === 0 ? 'th' : 'td', {
          scope: c === 0 ? 'row' : undefined,
          class: c === 0 ? undefined : 'num',
          'data-value': value === null ? '' : String(value),
          text: formatValue(value, cellFormat(table, r, c), language(), t),
        }),
      ),
    ),
  );
  return [head, el('tbody', {}, ...rows)];
}

const resizer = new ResizeObserver((entries) => {
  for (const entry of entries) echarts.getInstanceByDom(entry.target)?.resize();
});

/** The page's colours (light or dark, from the shared stylesheet) for the charts' text and lines. */
function theme() {
  const style = getComputedStyle(document.documentElement);
  const css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: css('--text', '#1b2130'),
    muted: css('--muted', '#5a6475'),
    border: css('--border', '#dde1e8'),
    surface: css('--surface', '#ffffff'),
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

function downloadCsv(id) {
  const { header, rows } = csvOf(view.tables[id]);
  const url = URL.createObjectURL(new Blob([buildCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const link = el('a', { href: url, download: csvFileName(id, view.filters, view.insights?.range.timeZone ?? view.timeZone), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by the time it starts; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ------------------------------------------------------------------ start

function showNotice(key) {
  $('#notice').textContent = t(key);
  $('#notice').hidden = false;
  $('#insights').hidden = true;
}

async function start() {
  await setUpPage({ titleKey: 'insights.title', redraw: applyStrings });
  $('#charts').replaceChildren(...CHART_IDS.map(chartCard));
  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void applyFilters(readForm());
  });
  for (const select of ['#f-channel', '#f-language']) $(select).addEventListener('change', () => void applyFilters(readForm()));
  applyStrings();
  showFilters();
  try {
    const me = await signIn();
    if (me.role === 'agent') {
      showNotice('insights.forbidden');
      return;
    }
    // Today and the last days are the staff's; the page asks the API for that zone's days too.
    view.timeZone = await api('GET', '/api/webchat/info').then(
      (info) => info.staffHours?.timeZone ?? 'UTC',
      () => 'UTC',
    );
    view.filters = readFilters(location.search, new Date(), view.timeZone);
    showFilters();
    $('#insights').hidden = false;
    await load();
  } catch {
    showNotice('insights.signIn');
  } finally {
    pageReady();
  }
}

void start();
