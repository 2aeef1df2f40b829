// @ts-check
// The queue's lists: fetched per tab (the waiting list always, for its count and the alerts),
// again after every live `queue` event (coalesced), ordered by priority then waiting time.

import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { getState, update } from './console-store.js';
import { noticeNewEscalations } from './escalation-alerts.js';
import { showToast } from './toast.js';

/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

export async function refreshQueues() {
  const { me, tab } = getState();
  if (!me) return;
  try {
    const wanted = tab === 'queued' ? ['queued'] : ['queued', tab];
    const results = await Promise.all(wanted.map((status) => api('GET', `/api/staff/conversations?status=${status}`)));
    if (!getState().me) return;
    const lists = { ...getState().lists };
    wanted.forEach((status, i) => (lists[/** @type {keyof typeof lists} */ (status)] = results[i].conversations));
    update({ lists, fetchedAt: performance.now() });
    noticeNewEscalations(lists.queued);
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
 * The waiting list in the order to serve it: most urgent first, then longest waiting.
 * @template {{ priority: number, waitingSeconds: number | null }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function sortQueue(items) {
  return [...items].sort((a, b) => b.priority - a.priority || (b.waitingSeconds ?? 0) - (a.waitingSeconds ?? 0));
}
