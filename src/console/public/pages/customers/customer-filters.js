// @ts-check
// The customer list's search (name, phone in any spelling, email, order number, external id) and
// its filters by tier, lifecycle, loyalty and tag, with Clear.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { lifecycleLabel, loyaltyLabel } from './customer-labels.js';

const TIERS = ['A', 'B', 'C'];
const LIFECYCLES = ['exploration', 'formation', 'stability', 'decline'];
const LOYALTIES = ['loyal', 'switching', 'none'];
const FIELDS = ['q', 'tier', 'lifecycle', 'loyalty', 'tag'];

/**
 * The filters as the API takes them (empty ones left out).
 * @param {HTMLFormElement} form
 */
export function readFilters(form) {
  const data = new FormData(form);
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = String(data.get(field) ?? '').trim();
    if (value) query.set(field, value);
  }
  return query;
}

/** @param {{ onApply: (query: URLSearchParams) => void }} props */
export function CustomerFilters({ onApply }) {
  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    onApply(readFilters(/** @type {HTMLFormElement} */ (event.currentTarget)));
  };
  /** @param {MouseEvent} event */
  const clear = (event) => {
    /** @type {HTMLButtonElement} */ (event.currentTarget).form?.reset();
    onApply(new URLSearchParams());
  };
  return html`
    <form id="filters" class="jobs-bar audit-filters" role="search" novalidate onSubmit=${submit}>
      <label class="customers-q"><span>${t('customers.filter.q')}</span> <input id="f-q" type="search" name="q" maxlength="200" autocomplete="off" /></label>
      <${Choice} field="tier" values=${TIERS} labelOf=${(/** @type {string} */ tier) => tier} />
      <${Choice} field="lifecycle" values=${LIFECYCLES} labelOf=${lifecycleLabel} />
      <${Choice} field="loyalty" values=${LOYALTIES} labelOf=${loyaltyLabel} />
      <label><span>${t('customers.filter.tag')}</span> <input id="f-tag" type="text" name="tag" maxlength="40" autocomplete="off" /></label>
      <button class="btn btn-primary" type="submit">${t('customers.search')}</button>
      <button id="clear" class="btn btn-ghost" type="button" onClick=${clear}>${t('customers.clear')}</button>
    </form>
  `;
}

/** @param {{ field: string, values: string[], labelOf: (value: string) => string }} props */
function Choice({ field, values, labelOf }) {
  return html`
    <label
      ><span>${t(`customers.filter.${field}`)}</span> <select id=${`f-${field}`} name=${field}>
        <option value="">${t('customers.any')}</option>
        ${values.map((value) => html`<option key=${value} value=${value}>${labelOf(value)}</option>`)}
      </select></label
    >
  `;
}
