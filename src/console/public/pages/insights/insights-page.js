// @ts-check
// The Insights page for supervisors and admins: conversations, complaints, the five-step funnel,
// handoffs, containment, satisfaction (revisit surveys and ratings after a chat), people's times,
// the customers' tier and lifecycle mix and the knowledge gaps over a range of days of the staff's
// time zone (which the page asks the API for), for a channel and a language, from
// GET /api/staff/insights. Each chart comes with its key figures in words, its data as a table and
// as a CSV file; the filters live in the address so a view can be shared.

import { html, useEffect, useMemo, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { ApiError, api } from '../../../assets/kit/api.js';
import { apiQuery, pageQuery, readFilters } from '../../insights-filters.js';
import { CHART_IDS, insightTables } from '../../insights-tables.js';
import { ChartCard } from './chart-card.js';
import { useChartTheme } from './chart-theme.js';
import { InsightsFilters } from './insights-filters-bar.js';
import { insightWords } from './insight-words.js';

/** @typedef {import('../../insights-filters.js').Filters} Filters */
/** @typedef {import('../../../../insights/insights-schema.ts').Insights} Insights */

export function InsightsPage(/** @type {import('../page-shell.js').PageProps} */ { lang, ready }) {
  /** STAFF_TIMEZONE (GET /api/webchat/info): whose calendar "today" and the days are of; null until known. */
  const [timeZone, setTimeZone] = useState(/** @type {string | null} */ (null));
  const [filters, setFilters] = useState(() => readFilters(location.search, new Date()));
  /** The last figures the API answered; kept while newer ones load or when they fail. */
  const [insights, setInsights] = useState(/** @type {Insights | null} */ (null));
  const [busy, setBusy] = useState(true);
  const [failure, setFailure] = useState(/** @type {string | null} */ (null));
  const [forbidden, setForbidden] = useState(false);
  /** Only the answer to the latest request is shown. */
  const latest = useRef(0);
  const theme = useChartTheme();
  // Drawn again in the new language when it switches: the tables carry the translated labels.
  const tables = useMemo(() => insights && insightTables(insights, insightWords()), [insights, lang]);

  /**
   * @param {Filters} wanted
   * @param {string} zone
   */
  const load = async (wanted, zone) => {
    const request = ++latest.current;
    setBusy(true);
    setFailure(null);
    try {
      /** @type {Insights} */
      const answer = await api('GET', `/api/staff/insights?${apiQuery(wanted, zone)}`);
      if (request === latest.current) setInsights(answer);
    } catch (error) {
      if (request !== latest.current) return;
      if (error instanceof ApiError && error.status === 403) setForbidden(true);
      else setFailure(/** @type {Error} */ (error).message);
    } finally {
      if (request === latest.current) setBusy(false);
    }
  };

  useEffect(() => {
    // Today and the last days are the staff's; the page asks the API for that zone's days too.
    api('GET', '/api/webchat/info')
      .then(
        (info) => /** @type {string} */ (info.staffHours?.timeZone ?? 'UTC'),
        () => 'UTC',
      )
      .then((zone) => {
        const wanted = readFilters(location.search, new Date(), zone);
        setTimeZone(zone);
        setFilters(wanted);
        return load(wanted, zone);
      })
      .finally(ready);
  }, []);

  /** Shows the filters, puts them in the address (replacing it: the back button leaves the page) and loads the figures. */
  const apply = (/** @type {Filters} */ wanted) => {
    setFilters(wanted);
    history.replaceState(null, '', `${location.pathname}?${pageQuery(wanted)}`);
    void load(wanted, timeZone ?? 'UTC');
  };

  if (forbidden) return html`<p id="notice" class="card muted">${t('insights.forbidden')}</p>`;
  if (timeZone === null) return null;
  const csvZone = insights?.range.timeZone ?? timeZone;
  return html`
    <div id="insights">
      <${InsightsFilters} filters=${filters} timeZone=${timeZone} range=${insights?.range ?? null} failure=${failure} onApply=${apply} />
      <div id="charts" class="insights-grid" aria-busy=${busy ? 'true' : undefined}>
        ${tables && CHART_IDS.map((id) => html`<${ChartCard} key=${id} id=${id} table=${tables[id]} theme=${theme} days=${filters} timeZone=${csvZone} />`)}
      </div>
    </div>
  `;
}
