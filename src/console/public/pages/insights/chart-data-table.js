// @ts-check
// A chart's figures as a table (its accessible alternative): each figure as read and, in
// data-value, as the API gave it.

import { html } from '../../vendor/preact-htm.js';
import { language, t } from '../../../assets/kit/i18n.js';
import { formatValue } from '../../insights-format.js';
import { cellFormat } from '../../insights-tables.js';

/** @param {{ table: import('../../insights-tables.js').ChartTable }} props */
export function ChartDataTable({ table }) {
  const lang = language();
  return html`
    <table>
      <thead>
        <tr>
          ${table.columns.map((column, c) => html`<th key=${c} scope="col">${column.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(
          (row, r) => html`
            <tr key=${r}>
              ${row.map((value, c) => {
                const text = formatValue(value, cellFormat(table, r, c), lang, t);
                const raw = value === null ? '' : String(value);
                return c === 0 ? html`<th key=${c} scope="row" data-value=${raw}>${text}</th>` : html`<td key=${c} class="num" data-value=${raw}>${text}</td>`;
              })}
            </tr>
          `,
        )}
      </tbody>
    </table>
  `;
}
