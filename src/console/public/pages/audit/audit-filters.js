// @ts-check
// The audit log's filters: action (with the actions on record as suggestions), entity, entity id,
// staff member and a time range, plus the CSV link for the filters applied.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';

const TEXT_FIELDS = /** @type {const} */ ([
  ['action', 100],
  ['entity', 100],
  ['entityId', 200],
  ['actorId', 100],
]);

/**
 * The filters as the API takes them; datetime-local fields are local times.
 * @param {HTMLFormElement} form
 */
export function readFilters(form) {
  const data = new FormData(form);
  const query = new URLSearchParams();
  for (const [field] of TEXT_FIELDS) {
    const value = String(data.get(field) ?? '').trim();
    if (value) query.set(field, value);
  }
  for (const field of ['from', 'to']) {
    const value = String(data.get(field) ?? '');
    if (value) query.set(field, new Date(value).toISOString());
  }
  return query;
}

/**
 * @param {{ actions: string[], query: URLSearchParams, onApply: (query: URLSearchParams) => void }} props
 */
export function AuditFilters({ actions, query, onApply }) {
  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    onApply(readFilters(/** @type {HTMLFormElement} */ (event.currentTarget)));
  };
  /** @param {MouseEvent} event */
  const clear = (event) => {
    const form = /** @type {HTMLButtonElement} */ (event.currentTarget).form;
    form?.reset();
    onApply(new URLSearchParams());
  };
  return html`
    <form id="filters" class="jobs-bar audit-filters" novalidate onSubmit=${submit}>
      ${TEXT_FIELDS.map(
        ([field, maxLength]) =>
          html`<label key=${field}><span>${t(`audit.filter.${field}`)}</span> <input id=${`f-${field}`} type="text" name=${field} list=${field === 'action' ? 'actions' : undefined} maxlength=${maxLength} autocomplete="off" /></label>`,
      )}
      <datalist id="actions">${actions.map((action) => html`<option key=${action} value=${action} />`)}</datalist>
      <label><span>${t('audit.filter.from')}</span> <input id="f-from" name="from" type="datetime-local" /></label>
      <label><span>${t('audit.filter.to')}</span> <input id="f-to" name="to" type="datetime-local" /></label>
      <button class="btn btn-primary" type="submit">${t('audit.apply')}</button>
      <button id="clear" class="btn btn-ghost" type="button" onClick=${clear}>${t('audit.clear')}</button>
      <a id="csv" class="btn" href=${`/api/staff/audit.csv${query.size ? `?${query}` : ''}`} download>${t('audit.csv')}</a>
    </form>
  `;
}
