// @ts-check
// The Insights filters: the first and last day shown, the channel and the language (applied as soon
// as they change), the quick ranges, the API's message when the figures could not be loaded, and
// the range the figures shown are of.

import { html, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { channelLabel, languageLabel } from '../../console-labels.js';
import { CHANNELS, LANGUAGES } from '../../insights-filters.js';
import { QuickRanges } from './quick-ranges.js';
import { rangeText } from './figures-range.js';

/** @typedef {import('../../insights-filters.js').Filters} Filters */

/**
 * The filters as the form holds them (the days may be typed but not applied yet).
 * @param {HTMLFormElement} form
 * @returns {Filters}
 */
function readForm(form) {
  const data = new FormData(form);
  const field = (/** @type {string} */ name) => String(data.get(name) ?? '');
  return { from: field('from'), to: field('to'), channel: field('channel'), language: field('language') };
}

/**
 * @param {{
 *   filters: Filters,
 *   timeZone: string,
 *   range: import('../../../../insights/insights-schema.ts').Insights['range'] | null,
 *   failure: string | null,
 *   onApply: (filters: Filters) => void,
 * }} props
 */
export function InsightsFilters({ filters, timeZone, range, failure, onApply }) {
  // Days typed and not applied yet, for the filters they were typed over (new filters start afresh).
  const [typed, setTyped] = useState({ over: filters, from: filters.from, to: filters.to });
  const days = typed.over === filters ? typed : { over: filters, from: filters.from, to: filters.to };

  /** @param {'from' | 'to'} field */
  const type = (field) => (/** @type {Event} */ event) => setTyped({ ...days, [field]: /** @type {HTMLInputElement} */ (event.currentTarget).value });
  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    onApply(readForm(/** @type {HTMLFormElement} */ (event.currentTarget)));
  };
  /** @param {Event} event */
  const change = (event) => {
    const form = /** @type {HTMLSelectElement} */ (event.currentTarget).form;
    if (form) onApply(readForm(form));
  };

  return html`
    <section class="card insights-filters" aria-labelledby="filters-title">
      <h2 id="filters-title" class="sr-only">${t('insights.filters')}</h2>
      <form id="filters" class="jobs-bar audit-filters" role="search" aria-label=${t('insights.filters')} novalidate onSubmit=${submit}>
        <label><span>${t('insights.filter.from')}</span> <input id="f-from" name="from" type="date" required value=${days.from} onInput=${type('from')} /></label>
        <label><span>${t('insights.filter.to')}</span> <input id="f-to" name="to" type="date" required value=${days.to} onInput=${type('to')} /></label>
        <label>
          <span>${t('insights.filter.channel')}</span>
          <${Choices} id="f-channel" name="channel" values=${CHANNELS} labelOf=${channelLabel} selected=${filters.channel} onChange=${change} />
        </label>
        <label>
          <span>${t('insights.filter.language')}</span>
          <${Choices} id="f-language" name="language" values=${LANGUAGES} labelOf=${languageLabel} selected=${filters.language} onChange=${change} />
        </label>
        <button class="btn btn-primary" type="submit">${t('insights.apply')}</button>
        <${QuickRanges} filters=${filters} timeZone=${timeZone} onApply=${onApply} />
      </form>
      <p id="filter-error" class="error" role="alert">${failure === null ? '' : t('insights.error', { message: failure })}</p>
      <p id="range" class="muted small" aria-live="polite">${range ? rangeText(range) : ''}</p>
    </section>
  `;
}

/**
 * A select of codes by their names, "any" first.
 * @param {{ id: string, name: string, values: string[], labelOf: (code: string) => string, selected: string, onChange: (event: Event) => void }} props
 */
function Choices({ id, name, values, labelOf, selected, onChange }) {
  return html`
    <select id=${id} name=${name} value=${selected} onChange=${onChange}>
      <option value="">${t('insights.filter.any')}</option>
      ${values.map((value) => html`<option key=${value} value=${value}>${labelOf(value)}</option>`)}
    </select>
  `;
}
