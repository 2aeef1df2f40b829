// @ts-check
// The audit log for admins: who did what and when, filtered by action, entity, staff member and
// time, newest first with "show older", and the same filters as a CSV file. Reads only.

import { html, useEffect, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { AuditFilters } from './audit-filters.js';
import { AuditTable } from './audit-table.js';

const PAGE = 50;

/** @typedef {import('./audit-table.js').AuditEntry} AuditEntry */

export function AuditPage(/** @type {import('../page-shell.js').PageProps} */ { toast, ready }) {
  const [query, setQuery] = useState(() => new URLSearchParams());
  const [entries, setEntries] = useState(/** @type {AuditEntry[] | null} */ (null));
  const [next, setNext] = useState(/** @type {string | null} */ (null));
  const [actions, setActions] = useState(/** @type {string[]} */ ([]));
  const [filterError, setFilterError] = useState('');

  /**
   * @param {URLSearchParams} filters
   * @param {string | null} cursor null: from the newest
   */
  const fetchPage = async (filters, cursor) => {
    const params = new URLSearchParams(filters);
    params.set('limit', String(PAGE));
    if (cursor) params.set('cursor', cursor);
    /** @type {{ entries: AuditEntry[], nextCursor: string | null }} */
    const body = await api('GET', `/api/staff/audit?${params}`);
    setEntries((shown) => (cursor ? [...(shown ?? []), ...body.entries] : body.entries));
    setNext(body.nextCursor);
  };

  useEffect(() => {
    Promise.all([api('GET', '/api/staff/audit/actions'), fetchPage(query, null)])
      .then(([body]) => setActions(body.actions))
      .catch((/** @type {Error} */ error) => setFilterError(error.message))
      .finally(ready);
  }, []);

  const apply = async (/** @type {URLSearchParams} */ filters) => {
    setQuery(filters);
    setFilterError('');
    try {
      await fetchPage(filters, null);
    } catch (error) {
      setFilterError(/** @type {Error} */ (error).message);
    }
  };
  const more = () => void fetchPage(query, next).catch((/** @type {Error} */ error) => toast(error.message));

  return html`
    <section id="audit" class="card">
      <${AuditFilters} actions=${actions} query=${query} onApply=${apply} />
      <p id="filter-error" class="error" role="alert">${filterError}</p>
      <${AuditTable} entries=${entries ?? []} />
      ${entries?.length === 0 && html`<p id="empty" class="muted">${t('audit.empty')}</p>`}
      ${next && html`<button id="more" class="btn" type="button" onClick=${more}>${t('audit.more')}</button>`}
    </section>
  `;
}
