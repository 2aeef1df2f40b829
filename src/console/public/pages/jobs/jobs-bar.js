// @ts-check
// Above the follow-ups: one tab per view with how many are in it, the kind filter, and when the
// list was last brought up to date.

import { html } from '../../vendor/preact-htm.js';
import { locale, t } from '../../../assets/kit/i18n.js';

/** What the page opens on first: what is coming, then what is late. */
export const VIEWS = /** @type {const} */ (['scheduled', 'due', 'failed', 'missed', 'sent', 'cancelled']);
export const KINDS = /** @type {const} */ (['callback', 'revisit', 'greeting', 'outreach', 'rating']);

/**
 * @typedef {typeof VIEWS[number]} View
 * @typedef {{ view: View, kind: string }} JobsFilters `kind` '' is every kind.
 */

/**
 * @param {{ filters: JobsFilters, counts: Record<string, number>, refreshedAt: Date | null, onChange: (filters: JobsFilters) => void }} props
 */
export function JobsBar({ filters, counts, refreshedAt, onChange }) {
  /** @param {Event} event */
  const chooseKind = (event) => onChange({ ...filters, kind: /** @type {HTMLSelectElement} */ (event.currentTarget).value });
  return html`
    <div class="jobs-bar">
      <div class="tabs" role="tablist" id="views">
        ${VIEWS.map(
          (view) => html`<button key=${view} class="tab" type="button" role="tab" aria-selected=${String(view === filters.view)} data-view=${view} onClick=${() => onChange({ ...filters, view })}>
            ${counts[view] === undefined ? t(`jobs.view.${view}`) : `${t(`jobs.view.${view}`)} ${counts[view]}`}
          </button>`,
        )}
      </div>
      <select id="kind" aria-label=${t('jobs.col.kind')} onChange=${chooseKind}>
        ${['', ...KINDS].map((kind) => html`<option key=${kind} value=${kind} selected=${kind === filters.kind}>${t(kind ? `jobs.kind.${kind}` : 'jobs.kind.all')}</option>`)}
      </select>
      <span id="refreshed" class="muted small">${refreshedAt && t('jobs.refreshed', { time: refreshedAt.toLocaleTimeString(locale()) })}</span>
    </div>
  `;
}
