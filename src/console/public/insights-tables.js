// @ts-check
// The figures of GET /api/staff/insights shaped into one table per chart: what the chart draws,
// what its text alternative (summary sentence and data table) says, and what its CSV file holds, so
// the three always agree. Cells keep the API's raw values (seconds, shares 0–1, YYYY-MM-DD days);
// labels are translated through `words`. Pure: no DOM, so the unit tests import it as it is.

import { chatCsatAgentsTable, chatCsatTable, knowledgeGapsTable, lifecycleMixTable, surveyTrendTable, tierMixTable } from './insights-more-tables.js';

/** @typedef {import('./insights-format.js').CellFormat} CellFormat */
/** @typedef {string | number | null} Cell */
/** @typedef {{ label: string, format: CellFormat, csvLabel?: string }} Column */
/**
 * @typedef {object} ChartTable
 * @property {Column[]} columns
 * @property {Cell[][]} rows
 * @property {boolean} empty   nothing to draw: the chart shows `emptyKey`'s sentence instead
 * @property {string} emptyKey
 * @property {string} summary  the key figures in one sentence (the chart's text alternative)
 * @property {CellFormat[]} [rowFormats]  per row, the format of its figures where rows mix kinds (a count, a share)
 */
/**
 * @typedef {object} Words
 * @property {(key: string, vars?: Record<string, string | number>) => string} t
 * @property {(kind: 'category' | 'reason' | 'channel' | 'lifecycle', code: string) => string} label  a code's name, or the code when it has none
 * @property {(value: Cell, format: CellFormat) => string} format
 */

/** The charts in the order the page shows them. */
export const CHART_IDS = [
  'conversations',
  'complaintsByCategory',
  'complaintsByProduct',
  'funnel',
  'escalationsByReason',
  'containment',
  'csat',
  'surveyTrend',
  'times',
  'chatCsat',
  'chatCsatAgents',
  'tierMix',
  'lifecycleMix',
  'knowledgeGaps',
];
const STEPS = [1, 2, 3, 4, 5];

/** Every chart's table, by chart id. @returns {Record<string, ChartTable>} */
export function insightTables(/** @type {any} */ insights, /** @type {Words} */ words) {
  return {
    conversations: conversationsTable(insights.conversations, words),
    complaintsByCategory: rankedTable(
      insights.complaintsByCategory.map((/** @type {any} */ c) => [words.label('category', c.category), c.count]),
      { label: 'insights.col.category', value: 'insights.col.complaints', emptyKey: 'insights.empty.complaints' },
      words,
    ),
    complaintsByProduct: rankedTable(
      insights.complaintsByProduct.map((/** @type {any} */ p) => [p.product, p.count]),
      { label: 'insights.col.product', value: 'insights.col.complaints', emptyKey: 'insights.empty.products' },
      words,
    ),
    funnel: funnelTable(insights.funnel, words),
    escalationsByReason: rankedTable(
      insights.escalationsByReason.map((/** @type {any} */ e) => [words.label('reason', e.reason), e.count]),
      { label: 'insights.col.reason', value: 'insights.col.handoffs', emptyKey: 'insights.empty.escalations' },
      words,
    ),
    containment: containmentTable(insights, words),
    csat: csatTable(insights.csat, words),
    surveyTrend: surveyTrendTable(insights.csat, words),
    times: timesTable(insights.firstResponseSeconds, insights.resolutionSeconds, words),
    chatCsat: chatCsatTable(insights.chatCsat, words),
    chatCsatAgents: chatCsatAgentsTable(insights.chatCsat, words),
    tierMix: tierMixTable(insights.customerMix, words),
    lifecycleMix: lifecycleMixTable(insights.customerMix, words),
    knowledgeGaps: knowledgeGapsTable(insights.knowledgeGaps, words),
  };
}

/** Days down, channels across (in the API's order), and a total per day. @returns {ChartTable} */
function conversationsTable(/** @type {{ total: number, byDay: { day: string, channel: string, count: number }[] }} */ conversations, /** @type {Words} */ { t, label, format }) {
  const channels = [...new Set(conversations.byDay.map((d) => d.channel))];
  const days = [...new Set(conversations.byDay.map((d) => d.day))];
  const counts = new Map(conversations.byDay.map((d) => [`${d.day} ${d.channel}`, d.count]));
  const rows = days.map((day) => {
    const perChannel = channels.map((channel) => counts.get(`${day} ${channel}`) ?? 0);
    return [day, ...perChannel, perChannel.reduce((sum, n) => sum + n, 0)];
  });
  const busiest = rows.reduce((best, row) => (best === null || Number(row.at(-1)) > Number(best.at(-1)) ? row : best), /** @type {Cell[] | null} */ (null));
  return {
    columns: [
      { label: t('insights.col.day'), format: 'day' },
      ...channels.map((channel) => ({ label: label('channel', channel), format: /** @type {CellFormat} */ ('count') })),
      { label: t('insights.col.total'), format: 'count' },
    ],
    rows,
    empty: conversations.total === 0,
    emptyKey: 'insights.empty.conversations',
    summary: busiest
      ? t('insights.summary.conversations', { total: format(conversations.total, 'count'), day: format(busiest[0] ?? null, 'day'), n: format(busiest.at(-1) ?? null, 'count') })
      : t('insights.empty.conversations'),
  };
}

/** A name and a count per row, most first as the API sends them. @returns {ChartTable} */
function rankedTable(/** @type {Cell[][]} */ rows, /** @type {{ label: string, value: string, emptyKey: string }} */ keys, /** @type {Words} */ { t, format }) {
  return {
    columns: [
      { label: t(keys.label), format: 'text' },
      { label: t(keys.value), format: 'count' },
    ],
    rows,
    empty: rows.length === 0,
    emptyKey: keys.emptyKey,
    summary: rows.length === 0 ? t(keys.emptyKey) : rows.map(([name, n]) => t('insights.summary.item', { label: String(name), n: format(n ?? null, 'count') })).join(t('insights.summary.separator')),
  };
}

/** Steps 1–5 with how many reached each and how many stopped there, then the recorded commitments. @returns {ChartTable} */
function funnelTable(/** @type {any} */ funnel, /** @type {Words} */ { t, format }) {
  const rows = STEPS.map((step) => [t(`insights.step.${step}`), funnel.reached[`step${step}`], step < 5 ? funnel.stoppedAt[`step${step}`] : null]);
  rows.push([t('insights.step.recorded'), funnel.recorded, null]);
  const stopped = [1, 2, 3, 4].reduce((sum, step) => sum + funnel.stoppedAt[`step${step}`], 0);
  return {
    columns: [
      { label: t('insights.col.step'), format: 'text' },
      { label: t('insights.col.reached'), format: 'count' },
      { label: t('insights.col.stopped'), format: 'count' },
    ],
    rows,
    empty: funnel.cases === 0,
    emptyKey: 'insights.empty.complaints',
    summary:
      funnel.cases === 0
        ? t('insights.empty.complaints')
        : t('insights.summary.funnel', {
            cases: format(funnel.cases, 'count'),
            reached5: format(funnel.reached.step5, 'count'),
            recorded: format(funnel.recorded, 'count'),
            stopped: format(stopped, 'count'),
          }),
  };
}

/** @returns {ChartTable} */
function containmentTable(/** @type {any} */ insights, /** @type {Words} */ { t, format }) {
  const rate = insights.containmentRate;
  return {
    columns: [
      { label: t('insights.col.measure'), format: 'text' },
      { label: t('insights.col.value'), format: 'share' },
    ],
    rows: [
      [t('insights.m.contained'), rate],
      [t('insights.m.conversations'), insights.conversations.total],
    ],
    rowFormats: ['share', 'count'],
    empty: rate === null,
    emptyKey: 'insights.empty.conversations',
    summary: rate === null ? t('insights.empty.conversations') : t('insights.summary.containment', { rate: format(rate, 'share'), n: format(insights.conversations.total, 'count') }),
  };
}

/** @returns {ChartTable} */
function csatTable(/** @type {{ responses: number, average: number | null, satisfiedShare: number | null, ratioAverage: number | null }} */ csat, /** @type {Words} */ { t, format }) {
  return {
    columns: [
      { label: t('insights.col.measure'), format: 'text' },
      { label: t('insights.col.value'), format: 'score' },
    ],
    rows: [
      [t('insights.m.responses'), csat.responses],
      [t('insights.m.average'), csat.average],
      [t('insights.m.satisfied'), csat.satisfiedShare],
      [t('insights.m.ratio'), csat.ratioAverage],
    ],
    rowFormats: ['count', 'score', 'share', 'score'],
    empty: csat.responses === 0,
    emptyKey: 'insights.empty.csat',
    summary:
      csat.responses === 0
        ? t('insights.empty.csat')
        : t('insights.summary.csat', {
            responses: format(csat.responses, 'count'),
            average: format(csat.average, 'score'),
            satisfied: format(csat.satisfiedShare, 'share'),
            ratio: format(csat.ratioAverage, 'score'),
          }),
  };
}

/** @returns {ChartTable} */
function timesTable(/** @type {any} */ firstResponse, /** @type {any} */ resolution, /** @type {Words} */ { t, format }) {
  const median = t('insights.col.median');
  const p90 = t('insights.col.p90');
  return {
    columns: [
      { label: t('insights.col.measure'), format: 'text' },
      { label: median, format: 'seconds', csvLabel: t('insights.col.seconds', { label: median }) },
      { label: p90, format: 'seconds', csvLabel: t('insights.col.seconds', { label: p90 }) },
      { label: t('insights.col.measured'), format: 'count' },
    ],
    rows: [
      [t('insights.m.firstResponse'), firstResponse.median, firstResponse.p90, firstResponse.count],
      [t('insights.m.resolution'), resolution.median, resolution.p90, resolution.count],
    ],
    empty: firstResponse.count === 0 && resolution.count === 0,
    emptyKey: 'insights.empty.times',
    summary:
      firstResponse.count === 0 && resolution.count === 0
        ? t('insights.empty.times')
        : t('insights.summary.times', {
            frMedian: format(firstResponse.median, 'seconds'),
            frP90: format(firstResponse.p90, 'seconds'),
            frCount: format(firstResponse.count, 'count'),
            rsMedian: format(resolution.median, 'seconds'),
            rsP90: format(resolution.p90, 'seconds'),
            rsCount: format(resolution.count, 'count'),
          }),
  };
}

/** How a cell of the table reads on the page. */
export function cellFormat(/** @type {ChartTable} */ table, /** @type {number} */ row, /** @type {number} */ column) {
  return (column > 0 && table.rowFormats?.[row]) || (table.columns[column]?.format ?? 'text');
}

/** The chart's CSV: its header (with units where the page shows them readably) and raw rows. */
export function csvOf(/** @type {ChartTable} */ table) {
  return { header: table.columns.map((column) => column.csvLabel ?? column.label), rows: table.rows };
}
