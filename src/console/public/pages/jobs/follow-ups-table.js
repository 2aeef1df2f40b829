// @ts-check
// The follow-ups in the chosen view, one row each.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { FollowUpRow } from './follow-up-row.js';

const COLUMNS = ['kind', 'customer', 'due', 'status', 'attempts', 'note', 'actions'];

/**
 * @param {{ items: import('./follow-up-row.js').FollowUp[], onAction: (id: string, action: import('./follow-up-row.js').FollowUpAction) => Promise<void> }} props
 */
export function FollowUpsTable({ items, onAction }) {
  return html`
    <table class="jobs-table">
      <thead>
        <tr>
          ${COLUMNS.map((column) => html`<th key=${column}>${t(`jobs.col.${column}`)}</th>`)}
        </tr>
      </thead>
      <tbody id="rows">
        ${items.map((item) => html`<${FollowUpRow} key=${item.id} item=${item} onAction=${onAction} />`)}
      </tbody>
    </table>
  `;
}
