// @ts-check
// One Insights chart as a card: its title and CSV download, the chart (or, with nothing to draw,
// a sentence saying so), its key figures in words, and its data as a table.

import { html, useMemo } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { chartOption } from '../../insights-charts.js';
import { buildCsv, csvFileName } from '../../insights-csv.js';
import { csvOf } from '../../insights-tables.js';
import { ChartDataTable } from './chart-data-table.js';
import { downloadCsv } from './download-csv.js';
import { EChart } from './echart.js';
import { insightWords } from './insight-words.js';

/** Charts that take the whole width: a day per bar or point, five steps side by side, long questions. */
const WIDE = new Set(['conversations', 'funnel', 'surveyTrend', 'chatCsat', 'knowledgeGaps']);

/**
 * @param {{
 *   id: import('../../insights-tables.js').ChartId,
 *   table: import('../../insights-tables.js').ChartTable,
 *   theme: import('../../insights-charts.js').Theme,
 *   days: { from: string, to: string },
 *   timeZone: string,
 * }} props `days` and `timeZone` name the CSV file
 */
export function ChartCard({ id, table, theme, days, timeZone }) {
  const title = t(`insights.chart.${id}`);
  // The table is new for new figures or a new language: only then (or in a new theme) is the chart drawn again.
  const option = useMemo(() => (table.empty ? null : chartOption(id, table, theme, insightWords())), [table, theme]);
  const download = () => {
    const { header, rows } = csvOf(table);
    downloadCsv(csvFileName(id, days, timeZone), buildCsv(header, rows));
  };
  return html`
    <section class=${`card insight${WIDE.has(id) ? ' insight-wide' : ''}`} id=${`chart-${id}`} data-chart=${id} aria-labelledby=${`title-${id}`}>
      <div class="insight-head">
        <h2 id=${`title-${id}`}>${title}</h2>
        <button class="btn" type="button" data-csv=${id} aria-label=${t('insights.csvLabel', { chart: title })} onClick=${download}>${t('insights.csv')}</button>
      </div>
      <figure>
        ${option ? html`<${EChart} option=${option} label=${`${title}: ${table.summary}`} />` : html`<p class="insight-empty">${t(table.emptyKey)}</p>`}
        <figcaption>${table.summary}</figcaption>
        <details>
          <summary>${t('insights.table')}</summary>
          <${ChartDataTable} table=${table} />
        </details>
      </figure>
    </section>
  `;
}
