// @ts-check
// Read markers: whenever the console shows a conversation (opened, or a customer message arrives
// while it is open on a visible page) the server hears it was read, so the unread counts start
// again and a routed assignment counts as opened (routing then hands over the next one; one left
// unopened goes back to the queue). At most one call per conversation every few seconds; one
// asked for in between is sent when the pause ends, so the marker never stays behind.

import { api } from '../../assets/kit/api.js';
import { getState, update } from './console-store.js';
import { withoutUnread } from './queue-rows.js';

const MIN_INTERVAL_MS = 3000;
/** @type {Map<string, number>} when each conversation was last marked (performance.now()) */
const lastSent = new Map();
/** @type {Map<string, ReturnType<typeof setTimeout>>} */
const pending = new Map();

export function pageVisible() {
  return document.visibilityState === 'visible';
}

/**
 * Marks the conversation read by the signed-in person and clears its row's unread badge.
 * @param {string} id
 */
export function markRead(id) {
  if (!getState().me) return;
  update((s) => ({ lists: withoutUnread(s.lists, id) }));
  if (pending.has(id)) return;
  const wait = (lastSent.get(id) ?? -Infinity) + MIN_INTERVAL_MS - performance.now();
  if (wait > 0) {
    pending.set(
      id,
      setTimeout(() => {
        pending.delete(id);
        send(id);
      }, wait),
    );
    return;
  }
  send(id);
}

/** @param {string} id */
function send(id) {
  if (!getState().me) return;
  lastSent.set(id, performance.now());
  // The next showing marks it again; a lost session is handled by api().
  api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/read`).catch((error) => console.warn('could not mark the conversation read', id, error));
}

/** Coming back to the page marks what it shows read. */
export function markOpenReadWhenVisible() {
  document.addEventListener('visibilitychange', () => {
    const id = getState().openId;
    if (id && pageVisible()) markRead(id);
  });
}
