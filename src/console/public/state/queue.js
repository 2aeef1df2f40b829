// @ts-check
// The queue's lists: fetched per tab with the search and filters (the whole waiting list always,
// for its count and the alerts), again after every live `queue` event (coalesced), ordered by
// priority then waiting time; live messages keep each row's preview and unread count current.

import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { getState, update } from './console-store.js';
import { noticeNewEscalations } from './escalation-alerts.js';
import { activeFilterCount, filtersFromQuery, listPath, sameFilters } from './queue-filters.js';
import { withLiveMessage } from './queue-rows.js';
import { markRead, pageVisible } from './read-markers.js';
import { showToast } from './toast.js';

/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;
/** Answers to an older request (other filters, other tab) are dropped. */
let latestRequest = 0;

export async function refreshQueues() {
  const { me, tab, filters } = getState();
  if (!me) return;
  const request = ++latestRequest;
  const filtered = activeFilterCount(filters) > 0;
  try {
    const [waiting, shown] = await Promise.all([api('GET', listPath('queued', {})), tab === 'queued' && !filtered ? null : api('GET', listPath(tab, filters))]);
    if (!getState().me || request !== latestRequest) return;
    const lists = { ...getState().lists, queued: waiting.conversations };
    if (shown) lists[tab] = shown.conversations;
    update({ lists, queuedTotal: waiting.conversations.length, fetchedAt: performance.now() });
    noticeNewEscalations(waiting.conversations);
  } catch (error) {
    if (/** @type {{ status?: number }} */ (error).status !== 401) showToast(t('errorGeneric', { message: /** @type {Error} */ (error).message }));
  }
}

/** Many live events in a burst make one refresh. */
export function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshQueues(), 120);
}

/** @param {import('./console-store.js').ConsoleState['tab']} status */
export function selectTab(status) {
  update({ tab: status });
  void refreshQueues();
}

/**
 * Narrows the lists (combined with the tab); the page address follows (queue-pane.js).
 * @param {import('./queue-filters.js').QueueFilters} filters
 */
export function setFilters(filters) {
  if (sameFilters(filters, getState().filters)) return;
  update({ filters });
  void refreshQueues();
}

/** The search and filters of the page address (a reload, a shared link), before the first list. */
export function readFiltersFromAddress() {
  update({ filters: filtersFromQuery(window.location.search) });
}

/**
 * A live message: its row's preview, and an unread customer message unless the reader has the
 * conversation open on a visible page (then it is marked read).
 * @param {import('./console-store.js').Message} message
 */
export function noteQueueMessage(message) {
  const seen = message.conversationId === getState().openId && pageVisible();
  update((s) => ({ lists: withLiveMessage(s.lists, message, seen) }));
  if (seen && message.author === 'customer' && message.conversationId) markRead(message.conversationId);
}

/**
 * The waiting list in the order to serve it: most urgent first, then longest waiting.
 * @template {{ priority: number, waitingSeconds: number | null }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function sortQueue(items) {
  return [...items].sort((a, b) => b.priority - a.priority || (b.waitingSeconds ?? 0) - (a.waitingSeconds ?? 0));
}
