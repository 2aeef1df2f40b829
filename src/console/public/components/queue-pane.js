// @ts-check
// The left pane: the search and filters, the queue's tabs (arrow keys move between them; the
// waiting tab counts) and the rows of the chosen tab, their timers ticking every second. The page
// address keeps the filters and the open conversation (?conversation=<id> opens it after sign-in).

import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { STATUSES, getState } from '../state/console-store.js';
import { selectTab, sortQueue } from '../state/queue.js';
import { activeFilterCount, queryWithFilters } from '../state/queue-filters.js';
import { openConversation } from '../state/conversation.js';
import { QueueRow } from './queue-row.js';
import { QueueFilters } from './queue-filters.js';

/** Seconds since `since` (a performance.now() reading), updated every second. */
function useElapsed(/** @type {number} */ since) {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, (now - since) / 1000);
}

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function QueuePane({ state }) {
  const { tab, lists, openId, me } = state;
  const items = tab === 'queued' ? sortQueue(lists.queued) : lists[tab];
  const elapsed = useElapsed(state.fetchedAt);
  const now = Date.now();
  const filtered = activeFilterCount(state.filters) > 0;

  // A link to one conversation (the jobs page's, a reload) opens it once signed in; read before
  // the effect below writes the address.
  useEffect(() => {
    const linked = new URLSearchParams(window.location.search).get('conversation');
    if (linked && !getState().openId) void openConversation(linked);
  }, []);
  useEffect(() => {
    const params = new URLSearchParams(queryWithFilters(state.filters, window.location.search));
    if (openId) params.set('conversation', openId);
    else params.delete('conversation');
    const query = params.toString();
    const address = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    if (address !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', address);
  }, [state.filters, openId]);

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = STATUSES[(STATUSES.indexOf(tab) + step + STATUSES.length) % STATUSES.length] ?? 'queued';
    selectTab(next);
    /** @type {HTMLElement | null} */ (document.querySelector(`.tab[data-status="${next}"]`))?.focus();
  }

  return html`
    <nav class="queue-pane" aria-label=${t('queueLabel')}>
      <${QueueFilters} state=${state} />
      <div class="tabs" role="tablist" aria-label=${t('queueLabel')} onKeyDown=${onKey}>
        ${STATUSES.map(
          (
            status,
          ) => html`<button class="tab" role="tab" type="button" data-status=${status} aria-selected=${String(status === tab)} tabindex=${status === tab ? 0 : -1} onClick=${() => selectTab(status)}>
            <span>${t(`tab.${status}`)}</span>${status === 'queued' && html` <span class="count" id="count-queued">${state.queuedTotal ? String(state.queuedTotal) : ''}</span>`}
          </button>`,
        )}
      </div>
      <div class="queue-panel" role="tabpanel">
        <ul id="queue" class="queue">
          ${items.map((item) => html`<${QueueRow} key=${item.id} item=${item} open=${item.id === openId} meId=${me?.id} elapsed=${elapsed} now=${now} />`)}
        </ul>
      </div>
      <p id="queue-empty" class="empty" hidden=${items.length > 0}>${filtered ? t('queue.filteredEmpty') : t(`queueEmpty.${tab}`)}</p>
    </nav>
  `;
}
