// @ts-check
// The queue's search and filters, pure: what they are, read from and written to the page address
// (so a reload or a shared link keeps them), and the list request they make with a tab.

/** @typedef {{ q?: string, channel?: string, language?: string, tier?: string, reason?: string, assignee?: string, label?: string }} QueueFilters */

/** The filters in the order the address and the API take them. */
export const FILTER_KEYS = /** @type {const} */ (['q', 'channel', 'language', 'tier', 'reason', 'assignee', 'label']);

export const FILTER_CHOICES = {
  channel: ['webchat', 'telegram', 'botframework', 'agents', 'terminal'],
  language: ['zh', 'en'],
  tier: ['A', 'B', 'C'],
  reason: [
    'asked_for_person',
    'safety',
    'victimized',
    'angry',
    'no_agreement',
    'repeated_misunderstanding',
    'internal_error',
    'a_tier_green_channel',
    'callback_due',
    'callback_missed',
    'revisit_unsatisfied',
    'followup_task',
  ],
};

/**
 * The filters an address carries; unknown parameters and empty values are left out.
 * @param {string | URLSearchParams} search e.g. location.search
 * @returns {QueueFilters}
 */
export function filtersFromQuery(search) {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  /** @type {QueueFilters} */
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/**
 * The address's query with these filters in place of the ones it had; other parameters (lang,
 * conversation) stay. '' when nothing is left, else '?…'.
 * @param {QueueFilters} filters
 * @param {string} search the current query, e.g. location.search
 */
export function queryWithFilters(filters, search) {
  const params = new URLSearchParams(search);
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The list request of one tab with the filters.
 * @param {string} status
 * @param {QueueFilters} filters
 */
export function listPath(status, filters) {
  const params = new URLSearchParams({ status });
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return `/api/staff/conversations?${params}`;
}

/**
 * How many filters narrow the list, the search included.
 * @param {QueueFilters} filters
 */
export function activeFilterCount(filters) {
  return FILTER_KEYS.filter((key) => Boolean(filters[key]?.trim())).length;
}

/**
 * Whether two filter sets narrow the list the same way.
 * @param {QueueFilters} a
 * @param {QueueFilters} b
 */
export function sameFilters(a, b) {
  return FILTER_KEYS.every((key) => (a[key]?.trim() ?? '') === (b[key]?.trim() ?? ''));
}
