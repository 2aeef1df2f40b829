// @ts-check
// The follow-ups view for supervisors: callbacks, revisits, greetings, check-ins and chat ratings
// by state, opening on what is scheduled, with what each status means, a callback's note, a link
// to the conversation a follow-up belongs to, and retry and cancel. Refreshes every 10 seconds.

import { html, useEffect, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { JobsBar } from './jobs-bar.js';
import { StatusLegend } from './status-legend.js';
import { FollowUpsTable } from './follow-ups-table.js';

const PAGE = 50;
const REFRESH_MS = 10_000;

/**
 * @typedef {import('./follow-up-row.js').FollowUp} FollowUp
 * @typedef {import('./jobs-bar.js').JobsFilters} JobsFilters
 * @typedef {{ followUps: FollowUp[], counts: Record<string, number> }} FollowUpsBody
 */

/** @param {unknown} error */
const message = (error) => (error instanceof Error ? error.message : String(error));

export function JobsPage(/** @type {import('../page-shell.js').PageProps} */ { toast, ready }) {
  // A new object on every choice, even the tab already open: choosing it again loads it again.
  const [filters, setFilters] = useState(/** @type {JobsFilters} */ ({ view: 'scheduled', kind: '' }));
  const [items, setItems] = useState(/** @type {FollowUp[] | null} */ (null));
  const [counts, setCounts] = useState(/** @type {Record<string, number>} */ ({}));
  const [more, setMore] = useState(false);
  const [refreshedAt, setRefreshedAt] = useState(/** @type {Date | null} */ (null));
  const latest = useRef(0);

  /**
   * One page of the view from `offset` (0 draws the list afresh, more adds to it).
   * @param {JobsFilters} chosen
   * @param {number} offset
   */
  const load = async (chosen, offset) => {
    const call = ++latest.current;
    const query = new URLSearchParams({ view: chosen.view, limit: String(PAGE), offset: String(offset), ...(chosen.kind ? { kind: chosen.kind } : {}) });
    /** @type {FollowUpsBody} */
    const body = await api('GET', `/api/staff/follow-ups?${query}`);
    // Another view, kind or refresh was asked for meanwhile: its answer is the one to show.
    if (call !== latest.current) return;
    setCounts(body.counts);
    setItems((shown) => (offset ? [...(shown ?? []), ...body.followUps] : body.followUps));
    setMore(body.followUps.length === PAGE);
    setRefreshedAt(new Date());
  };

  useEffect(() => {
    load(filters, 0)
      .catch((error) => toast(message(error)))
      .finally(ready);
    // A failed refresh stays quiet (the next one is ten seconds away and "Updated" shows the
    // list's age); a toast every ten seconds while offline would hide every other message.
    const timer = setInterval(() => void load(filters, 0).catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [filters]);

  /**
   * @param {string} id
   * @param {import('./follow-up-row.js').FollowUpAction} action
   */
  const act = async (id, action) => {
    try {
      await api('POST', `/api/staff/follow-ups/${encodeURIComponent(id)}/${action}`);
      toast(t(action === 'retry' ? 'jobs.retried' : 'jobs.cancelled'));
      await load(filters, 0);
    } catch (error) {
      toast(message(error));
    }
  };
  const showMore = () => void load(filters, items?.length ?? 0).catch((error) => toast(message(error)));

  if (!items) return null;
  return html`
    <section id="jobs" class="card">
      <${JobsBar} filters=${filters} counts=${counts} refreshedAt=${refreshedAt} onChange=${setFilters} />
      <p id="view-help" class="muted small">${t(`jobs.viewHelp.${filters.view}`)}</p>
      <${StatusLegend} />
      <${FollowUpsTable} items=${items} onAction=${act} />
      ${items.length === 0 && html`<p id="empty" class="muted">${t('jobs.empty')}</p>`}
      ${more && html`<button id="more" class="btn" type="button" onClick=${showMore}>${t('jobs.more')}</button>`}
    </section>
  `;
}
