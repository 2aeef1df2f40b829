// @ts-check
// The quick ranges: the last 7, 30 or 90 days up to today in the staff's calendar, the one shown pressed.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { QUICK_RANGES, lastDays } from '../../insights-filters.js';

/** @typedef {import('../../insights-filters.js').Filters} Filters */

/** @param {{ filters: Filters, timeZone: string, onApply: (filters: Filters) => void }} props */
export function QuickRanges({ filters, timeZone, onApply }) {
  const today = new Date();
  return html`
    <div id="quick" class="insights-quick" role="group" aria-label=${t('insights.quickLabel')}>
      ${QUICK_RANGES.map((days) => {
        const range = lastDays(days, today, timeZone);
        const current = range.from === filters.from && range.to === filters.to;
        const choose = () => onApply({ ...filters, ...lastDays(days, new Date(), timeZone) });
        return html`<button key=${days} class="btn" type="button" data-days=${days} aria-pressed=${String(current)} onClick=${choose}>${t('insights.quick', { n: days })}</button>`;
      })}
    </div>
  `;
}
