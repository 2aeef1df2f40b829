// @ts-check
// The left pane: the queue's tabs (arrow keys move between them; the waiting tab counts) and the
// rows of the chosen tab, their waiting and SLA timers ticking every second.

import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { STATUSES } from '../state/console-store.js';
import { selectTab, sortQueue } from '../state/queue.js';
import { QueueRow } from './queue-row.js';

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
      <div class="tabs" role="tablist" aria-label=${t('queueLabel')} onKeyDown=${onKey}>
        ${STATUSES.map(
          (status) => html`<button class="tab" role="tab" type="button" data-status=${status} aria-selected=${String(status === tab)} tabindex=${status === tab ? 0 : -1} onClick=${() => selectTab(status)}>
            <span>${t(`tab.${status}`)}</span>${status === 'queued' && html` <span class="count" id="count-queued">${lists.queued.length ? String(lists.queued.length) : ''}</span>`}
          </button>`,
        )}
      </div>
      <ul id="queue" class="queue" role="tabpanel" aria-live="polite">
        ${items.map((item) => html`<${QueueRow} key=${item.id} item=${item} open=${item.id === openId} meId=${me?.id} elapsed=${elapsed} />`)}
      </ul>
      <p id="queue-empty" class="empty" hidden=${items.length > 0}>${t(`queueEmpty.${tab}`)}</p>
    </nav>
  `;
}
