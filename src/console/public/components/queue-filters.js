// @ts-check
// Above the queue: the search box (applied after a pause in typing, or at once on Enter) and the
// filters behind a "Filters" disclosure (channel, language, tier, reason, assignee, label), with
// a clear-all. Each narrows the current tab; the page address keeps them.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, languageLabel, reasonLabel } from '../console-labels.js';
import { FILTER_CHOICES, activeFilterCount } from '../state/queue-filters.js';
import { setFilters } from '../state/queue.js';
import { loadLabelsInUse } from '../state/labels.js';

const SEARCH_PAUSE_MS = 350;

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function QueueFilters({ state }) {
  const { filters, colleagues, labelsInUse, me } = state;
  const [text, setText] = useState(filters.q ?? '');
  const timer = useRef(/** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined));
  const disclosure = useRef(/** @type {HTMLDetailsElement | null} */ (null));
  const count = activeFilterCount({ ...filters, q: '' });

  useEffect(() => {
    void loadLabelsInUse();
    // Filters from the address show open; after that the disclosure is the person's to open and close.
    if (disclosure.current && activeFilterCount({ ...state.filters, q: '' }) > 0) disclosure.current.open = true;
  }, []);
  // Cleared or changed elsewhere (clear all, the address): the box follows.
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  /** @param {string} q */
  function search(q) {
    clearTimeout(timer.current);
    setFilters({ ...state.filters, q: q.trim() || undefined });
  }

  /** @param {Event} event */
  function onInput(event) {
    const q = /** @type {HTMLInputElement} */ (event.currentTarget).value;
    setText(q);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => search(q), SEARCH_PAUSE_MS);
  }

  /**
   * @param {keyof import('../state/queue-filters.js').QueueFilters} key
   * @returns {(event: Event) => void}
   */
  const choose = (key) => (event) => {
    const value = /** @type {HTMLSelectElement} */ (event.currentTarget).value;
    setFilters({ ...state.filters, [key]: value || undefined });
  };

  /** @type {[string, string][]} */
  const assignees = [['me', t('queue.filter.me')], ['none', t('queue.filter.nobody')], ...colleagues.filter((c) => c.id !== me?.id).map((c) => /** @type {[string, string]} */ ([c.id, c.name]))];
  const labels = labelsInUse.map((l) => l.label);
  // A label from the address that nobody uses any more still shows as chosen.
  if (filters.label && !labels.includes(filters.label)) labels.unshift(filters.label);

  return html`
    <div class="queue-tools">
      <form class="queue-search" role="search" onSubmit=${(/** @type {Event} */ event) => {
        event.preventDefault();
        search(text);
      }}>
        <label for="queue-search" class="sr-only">${t('queue.searchLabel')}</label>
        <input id="queue-search" type="search" value=${text} placeholder=${t('queue.searchPlaceholder')} autocomplete="off" onInput=${onInput} />
      </form>
      <details id="queue-filters" class="queue-filters" ref=${disclosure}>
        <summary>${count > 0 ? t('queue.filtersActive', { n: count }) : t('queue.filters')}</summary>
        <div class="filter-grid">
          <${FilterSelect} id="filter-channel" label=${t('queue.filter.channel')} value=${filters.channel} onChange=${choose('channel')}
            options=${FILTER_CHOICES.channel.map((c) => [c, channelLabel(c)])} />
          <${FilterSelect} id="filter-language" label=${t('queue.filter.language')} value=${filters.language} onChange=${choose('language')}
            options=${FILTER_CHOICES.language.map((l) => [l, languageLabel(l)])} />
          <${FilterSelect} id="filter-tier" label=${t('queue.filter.tier')} value=${filters.tier} onChange=${choose('tier')}
            options=${FILTER_CHOICES.tier.map((tier) => [tier, t('tierBadge', { tier })])} />
          <${FilterSelect} id="filter-reason" label=${t('queue.filter.reason')} value=${filters.reason} onChange=${choose('reason')}
            options=${FILTER_CHOICES.reason.map((r) => [r, reasonLabel(r)])} />
          <${FilterSelect} id="filter-assignee" label=${t('queue.filter.assignee')} value=${filters.assignee} onChange=${choose('assignee')} options=${assignees} />
          <${FilterSelect} id="filter-label" label=${t('queue.filter.label')} value=${filters.label} onChange=${choose('label')} options=${labels.map((l) => [l, l])} />
        </div>
      </details>
      ${activeFilterCount(filters) > 0 && html`<button id="filters-clear" class="btn btn-small" type="button" onClick=${() => setFilters({})}>${t('queue.filter.clear')}</button>`}
    </div>
  `;
}

/** @param {{ id: string, label: string, value: string | undefined, options: [string, string][], onChange: (event: Event) => void }} props */
function FilterSelect({ id, label, value, options, onChange }) {
  return html`
    <label class="filter" for=${id}>
      <span>${label}</span>
      <select id=${id} onChange=${onChange}>
        <option value="" selected=${!value}>${t('queue.filter.any')}</option>
        ${options.map(([v, text]) => html`<option key=${v} value=${v} selected=${v === value}>${text}</option>`)}
      </select>
    </label>
  `;
}
