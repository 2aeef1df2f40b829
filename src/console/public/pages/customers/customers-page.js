// @ts-check
// The customers page: the list (search by name, phone in any spelling, email, order number or
// external id; filters by tier, lifecycle, loyalty and tag; paged), the profile card a row opens,
// and for supervisors the CSV tools and the cards that look like one person, with merging.

import { html, useEffect, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { isSupervisor } from '../page-shell.js';
import { CustomerFilters } from './customer-filters.js';
import { CustomerTable } from './customer-table.js';
import { ListPager } from './list-pager.js';
import { CsvTools } from './csv-tools.js';
import { DuplicateGroups } from './duplicate-groups.js';
import { CustomerCard } from './customer-card.js';

const PAGE_SIZE = 25;

/** @typedef {import('./customer-wire.js').CustomerRow} CustomerRow */
/** @typedef {import('./customer-wire.js').CustomerCard} CustomerCardData */
/** @typedef {import('./customer-wire.js').DuplicateGroup} DuplicateGroup */

export function CustomersPage(/** @type {import('../page-shell.js').PageProps} */ { me, toast, ready }) {
  const [query, setQuery] = useState(() => new URLSearchParams());
  const [list, setList] = useState(/** @type {{ customers: CustomerRow[], total: number, page: number } | null} */ (null));
  const [filterError, setFilterError] = useState('');
  // `opened` counts the openings: opening a card again (after a merge) reads its log and merges again.
  const [card, setCard] = useState(/** @type {{ customer: CustomerCardData, opened: number } | null} */ (null));
  const openings = useRef(0);
  const [duplicates, setDuplicates] = useState(/** @type {{ groups: DuplicateGroup[], total: number } | null} */ (null));
  const supervisor = isSupervisor(me);
  const say = (/** @type {Error} */ error) => toast(error.message);

  /**
   * @param {URLSearchParams} filters
   * @param {number} page
   */
  const load = async (filters, page) => {
    const params = new URLSearchParams(filters);
    params.set('page', String(page));
    params.set('pageSize', String(PAGE_SIZE));
    /** @type {{ customers: CustomerRow[], total: number }} */
    const body = await api('GET', `/api/staff/customers?${params}`);
    setList({ customers: body.customers, total: body.total, page });
  };

  useEffect(() => {
    load(query, 1)
      .catch((/** @type {Error} */ error) => setFilterError(error.message))
      .finally(ready);
  }, []);

  const apply = async (/** @type {URLSearchParams} */ filters) => {
    setQuery(filters);
    setFilterError('');
    try {
      await load(filters, 1);
    } catch (error) {
      setFilterError(/** @type {Error} */ (error).message);
    }
  };

  /** Opens a card (again); rejects when it cannot be read. */
  const openCard = async (/** @type {string} */ id) => {
    /** @type {{ customer: CustomerCardData }} */
    const body = await api('GET', `/api/staff/customers/${encodeURIComponent(id)}`);
    openings.current += 1;
    setCard({ customer: body.customer, opened: openings.current });
  };
  const open = (/** @type {string} */ id) => void openCard(id).catch(say);

  const loadDuplicates = async () => {
    /** @type {{ groups: DuplicateGroup[], total: number }} */
    const body = await api('GET', '/api/staff/customers/duplicates?pageSize=50');
    setDuplicates(body);
  };

  /** Merges `otherId` into `keptId`, shows the kept card and the duplicates left; says what failed. */
  const merge = async (/** @type {string} */ keptId, /** @type {string} */ otherId) => {
    try {
      await api('POST', `/api/staff/customers/${encodeURIComponent(keptId)}/merge`, { otherId });
      toast(t('customers.merge.done'));
      await openCard(keptId);
      await loadDuplicates();
    } catch (error) {
      say(/** @type {Error} */ (error));
    }
  };

  /** The card as saved (its fields confirmed): shown without reading its log again. */
  const keepCard = (/** @type {CustomerCardData} */ customer) => setCard((shown) => shown && { customer, opened: shown.opened });

  const pages = Math.max(1, Math.ceil((list?.total ?? 0) / PAGE_SIZE));
  return html`
    <section id="customers" class="card">
      <${CustomerFilters} onApply=${apply} />
      <p id="filter-error" class="error" role="alert">${filterError}</p>
      <p id="total" class="muted small" aria-live="polite">${list && t('customers.total', { n: list.total })}</p>
      <${CustomerTable} customers=${list?.customers ?? []} onOpen=${open} />
      ${list?.customers.length === 0 && html`<p id="empty" class="muted">${t('customers.empty')}</p>`}
      <${ListPager} page=${list?.page ?? 1} pages=${pages} onPage=${(/** @type {number} */ page) => void load(query, page).catch(say)} />
    </section>
    ${supervisor && html`<${CsvTools} query=${query} onImported=${() => void load(query, 1).catch(say)} toast=${toast} />`}
    ${supervisor && html`<${DuplicateGroups} duplicates=${duplicates} onLoad=${() => void loadDuplicates().catch(say)} onOpen=${open} onMerge=${merge} />`}
    ${card && html`<${CustomerCard} card=${card.customer} opened=${card.opened} canMerge=${supervisor} toast=${toast} onChange=${keepCard} onClose=${() => setCard(null)} onOpen=${openCard} onMerge=${merge} />`}
  `;
}
