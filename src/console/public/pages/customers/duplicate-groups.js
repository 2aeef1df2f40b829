// @ts-check
// Supervisors' list of cards that look like one person (sharing a phone or an email), on demand:
// each card opens, and every card but the oldest can be merged into the oldest.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { when } from '../../console-labels.js';

/** @typedef {import('./customer-wire.js').DuplicateGroup} DuplicateGroup */

/**
 * @param {{ duplicates: { groups: DuplicateGroup[], total: number } | null, onLoad: () => void,
 *   onOpen: (id: string) => void, onMerge: (keptId: string, otherId: string) => void }} props
 *   `duplicates` is null until they are asked for.
 */
export function DuplicateGroups({ duplicates, onLoad, onOpen, onMerge }) {
  return html`
    <section id="duplicates" class="card" aria-labelledby="dup-title">
      <div class="jobs-bar">
        <h2 id="dup-title">${t('customers.dup.title')}</h2>
        <button id="dup-load" class="btn" type="button" onClick=${onLoad}>${t('customers.dup.load')}</button>
      </div>
      <p id="dup-total" class="muted small" aria-live="polite">${duplicates && t('customers.dup.total', { n: duplicates.total })}</p>
      <ul id="dup-list" class="contacts">
        ${duplicates?.groups.map((group) => html`<${Group} key=${`${group.match}:${group.value}`} group=${group} onOpen=${onOpen} onMerge=${onMerge} />`)}
      </ul>
      ${duplicates?.groups.length === 0 && html`<p id="dup-empty" class="muted">${t('customers.dup.empty')}</p>`}
    </section>
  `;
}

/** @param {{ group: DuplicateGroup, onOpen: (id: string) => void, onMerge: (keptId: string, otherId: string) => void }} props */
function Group({ group, onOpen, onMerge }) {
  const [kept] = group.customers;
  return html`
    <li class="dup-group" data-value=${group.value}>
      <div class="muted small">${`${t(`customers.dup.by.${group.match}`)}: ${group.value}`}</div>
      ${group.customers.map(
        (c, i) => html`<div key=${c.id} class="dup-card" data-id=${c.id}>
          <button class="btn btn-ghost dup-open" type="button" onClick=${() => onOpen(c.id)}>${c.name || t('anonymous')}</button>
          <span class="muted small">${` ${when(c.createdAt)}`}</span>
          ${i > 0 && html`<button class="btn dup-merge" type="button" onClick=${() => onMerge(kept.id, c.id)}>${t('customers.dup.mergeInto', { name: kept.name || t('anonymous') })}</button>`}
        </div>`,
      )}
    </li>
  `;
}
