// @ts-check
// The ECharts option of each Insights chart, drawn from the chart's table (insights-tables.js) so
// the chart, its text alternative and its CSV show the same figures. Colours: the Okabe–Ito
// palette, told apart with the common colour-vision deficiencies, each at least 3:1 against the
// light and the dark surface; stacked segments are parted by a line of the surface colour and
// multi-series charts add ECharts' decal patterns, so no figure rests on colour alone. Tooltips are
// drawn on the canvas (richText): HTML tooltips would need inline styles the CSP forbids.

/** @typedef {import('./insights-tables.js').ChartTable} ChartTable */
/** @typedef {{ text: string, muted: string, border: string, surface: string, reducedMotion: boolean }} Theme */
/** @typedef {{ t: import('./insights-format.js').Translate, format: import('./insights-tables.js').Words['format'] }} ChartWords */

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'];

/** The option for a chart id, given its table and the page's theme and wording. */
export function chartOption(/** @type {string} */ id, /** @type {ChartTable} */ table, /** @type {Theme} */ theme, /** @type {ChartWords} */ words) {
  const build = BUILDERS[id];
  if (!build) throw new Error(`no chart "${id}"`);
  return { ...base(theme), ...build(table, theme, words) };
}

function base(/** @type {Theme} */ theme) {
  return {
    color: PALETTE,
    animation: !theme.reducedMotion,
    textStyle: { color: theme.text },
    aria: { enabled: true, label: { enabled: false }, decal: { show: false } },
    tooltip: { renderMode: 'richText', confine: true, trigger: 'axis', axisPointer: { type: 'shadow' } },
  };
}

const axisStyle = (/** @type {Theme} */ theme) => ({
  axisLine: { lineStyle: { color: theme.muted } },
  axisLabel: { color: theme.text },
  splitLine: { lineStyle: { color: theme.border } },
});
const countAxis = (/** @type {Theme} */ theme) => ({ type: 'value', minInterval: 1, ...axisStyle(theme) });
const column = (/** @type {ChartTable} */ table, /** @type {number} */ index) => table.rows.map((row) => row[index] ?? '-');

/** @type {Record<string, (table: ChartTable, theme: Theme, words: ChartWords) => object>} */
const BUILDERS = {
  conversations(table, theme, { format }) {
    const channels = table.columns.slice(1, -1);
    return {
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, textStyle: { color: theme.text } },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: table.rows.map((row) => format(row[0] ?? null, 'day')), ...axisStyle(theme) },
      yAxis: countAxis(theme),
      series: channels.map((channel, i) => ({
        type: 'bar',
        name: channel.label,
        stack: 'conversations',
        data: column(table, i + 1),
        itemStyle: { borderColor: theme.surface, borderWidth: 1 },
        emphasis: { focus: 'series' },
      })),
    };
  },
  complaintsByCategory: rankedBars,
  tierMix: rankedBars,
  lifecycleMix: rankedBars,
  knowledgeGaps(table, theme) {
    const bars = rankedBars(table, theme);
    // A whole-width card: room for most of a question.
    return { ...bars, yAxis: { ...bars.yAxis, axisLabel: { color: theme.text, width: 420, overflow: 'truncate' } } };
  },
  chatCsat(table, theme, { format }) {
    const score = (/** @type {number | null} */ value) => format(value, 'score');
    return {
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { renderMode: 'richText', confine: true, trigger: 'axis', valueFormatter: score },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: table.rows.map((row) => format(row[0] ?? null, 'day')), ...axisStyle(theme) },
      yAxis: { type: 'value', min: 1, max: 5, interval: 1, ...axisStyle(theme) },
      // Averages of the bot (column 2) and of people (column 4); a day without ratings leaves a gap.
      series: [2, 4].map((index, i) => ({
        type: 'line',
        name: table.columns[index]?.label,
        data: table.rows.map((row) => row[index] ?? null),
        connectNulls: false,
        symbol: i === 0 ? 'circle' : 'triangle',
        symbolSize: 8,
        lineStyle: { width: 2, type: i === 0 ? 'solid' : 'dashed' },
      })),
    };
  },
  surveyTrend(table, theme, { format }) {
    const score = (/** @type {number | null} */ value) => format(value, 'score');
    return {
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { renderMode: 'richText', confine: true, trigger: 'axis', valueFormatter: score },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: table.rows.map((row) => format(row[0] ?? null, 'day')), ...axisStyle(theme) },
      // The score (1–5) on the left, the satisfaction ratio (1 = as expected) on the right.
      yAxis: [
        { type: 'value', min: 1, max: 5, interval: 1, ...axisStyle(theme) },
        { type: 'value', min: 0, ...axisStyle(theme), splitLine: { show: false } },
      ],
      series: [2, 3].map((index, i) => ({
        type: 'line',
        name: table.columns[index]?.label,
        yAxisIndex: i,
        data: table.rows.map((row) => row[index] ?? null),
        connectNulls: false,
        symbol: i === 0 ? 'circle' : 'triangle',
        symbolSize: 8,
        lineStyle: { width: 2, type: i === 0 ? 'solid' : 'dashed' },
      })),
    };
  },
  chatCsatAgents(table, theme, { format }) {
    return {
      tooltip: { renderMode: 'richText', confine: true, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (/** @type {number} */ value) => format(value, 'score') },
      grid: { top: 8, left: 8, right: 48, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: column(table, 0), ...axisStyle(theme), axisLabel: { color: theme.text, width: 160, overflow: 'truncate' } },
      xAxis: { type: 'value', min: 0, max: 5, interval: 1, ...axisStyle(theme) },
      series: [
        {
          type: 'bar',
          name: table.columns[2]?.label,
          data: column(table, 2),
          barMaxWidth: 28,
          label: {
            show: true,
            position: 'right',
            color: theme.text,
            formatter: (/** @type {{ value: number, dataIndex: number }} */ p) => `${format(p.value, 'score')} (${format(table.rows[p.dataIndex]?.[1] ?? null, 'count')})`,
          },
        },
      ],
    };
  },
  complaintsByProduct: rankedBars,
  escalationsByReason: rankedBars,
  funnel(table, theme) {
    return {
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, textStyle: { color: theme.text } },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: column(table, 0), ...axisStyle(theme), axisLabel: { color: theme.text, interval: 0, width: 84, overflow: 'break' } },
      yAxis: countAxis(theme),
      series: [1, 2].map((index) => ({ type: 'bar', name: table.columns[index]?.label, data: column(table, index), label: { show: true, position: 'top', color: theme.text } })),
    };
  },
  containment(table, theme, { format }) {
    return gauge({ value: Number(table.rows[0]?.[1] ?? 0) * 100, min: 0, max: 100, title: String(table.rows[0]?.[0] ?? ''), detail: format(table.rows[0]?.[1] ?? null, 'share') }, theme);
  },
  csat(table, theme, { format }) {
    const average = table.rows[1]?.[1] ?? null;
    return gauge({ value: Number(average ?? 1), min: 1, max: 5, title: String(table.rows[1]?.[0] ?? ''), detail: `${format(average, 'score')} / 5`, labels: true }, theme);
  },
  times(table, theme, { format }) {
    const seconds = (/** @type {number} */ value) => format(value, 'seconds');
    return {
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { renderMode: 'richText', confine: true, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: seconds },
      grid: { top: 36, left: 8, right: 24, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: column(table, 0), ...axisStyle(theme) },
      xAxis: { type: 'value', ...axisStyle(theme), axisLabel: { color: theme.text, formatter: seconds, hideOverlap: true } },
      series: [1, 2].map((index) => ({
        type: 'bar',
        name: table.columns[index]?.label,
        data: column(table, index),
        label: { show: true, position: 'right', color: theme.text, formatter: (/** @type {{ value: number }} */ p) => seconds(p.value) },
      })),
    };
  },
};

/** One bar per name, most first at the top, the count beside each bar. */
function rankedBars(/** @type {ChartTable} */ table, /** @type {Theme} */ theme) {
  return {
    grid: { top: 8, left: 8, right: 32, bottom: 8, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: column(table, 0), ...axisStyle(theme), axisLabel: { color: theme.text, width: 160, overflow: 'truncate' } },
    xAxis: countAxis(theme),
    series: [{ type: 'bar', name: table.columns[1]?.label, data: column(table, 1), barMaxWidth: 28, label: { show: true, position: 'right', color: theme.text } }],
  };
}

/** A half-ring with the figure large in the middle. */
function gauge(/** @type {{ value: number, min: number, max: number, title: string, detail: string, labels?: boolean }} */ g, /** @type {Theme} */ theme) {
  return {
    tooltip: { show: false },
    series: [
      {
        type: 'gauge',
        min: g.min,
        max: g.max,
        startAngle: 200,
        endAngle: -20,
        splitNumber: g.max - g.min === 4 ? 4 : 5,
        radius: '95%',
        center: ['50%', '60%'],
        progress: { show: true, width: 18, itemStyle: { color: PALETTE[0] } },
        axisLine: { lineStyle: { width: 18, color: [[1, theme.border]] } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: Boolean(g.labels), color: theme.muted, distance: -40 },
        title: { show: true, offsetCenter: [0, '38%'], color: theme.muted, fontSize: 13 },
        detail: { offsetCenter: [0, '0%'], fontSize: 32, fontWeight: 600, color: theme.text, formatter: () => g.detail },
        data: [{ value: g.value, name: g.title }],
      },
    ],
  };
}
