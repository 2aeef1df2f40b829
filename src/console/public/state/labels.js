// @ts-check
// Labels on conversations: the ones in use (the filter's choices and the editor's suggestions),
// the open conversation's (its queue row's when newer, else the conversation detail's), and
// replacing them; the server's refusal comes back as its readable message.

import { api } from '../../assets/kit/api.js';
import { update } from './console-store.js';
import { findRow, withLabels } from './queue-rows.js';

export async function loadLabelsInUse() {
  try {
    update({ labelsInUse: (await api('GET', '/api/staff/labels')).labels });
  } catch {
    // The filter and suggestions then offer none; the list itself still works.
    update({ labelsInUse: [] });
  }
}

/**
 * The conversation's labels as last known: on its queue row (kept live), saved from this console,
 * or as the conversation detail brought them.
 * @param {import('./console-store.js').ConsoleState} state
 * @param {string} id
 * @returns {string[]}
 */
export function labelsOf(state, id) {
  return findRow(state.lists, id)?.labels ?? state.labelsById[id] ?? (state.detail?.conversation.id === id ? state.detail.labels : undefined) ?? [];
}

/**
 * Replaces the conversation's labels; resolves with the saved set, rejects with the server's message.
 * @param {string} id
 * @param {string[]} labels
 * @returns {Promise<string[]>}
 */
export async function saveLabels(id, labels) {
  const result = await api('PUT', `/api/staff/conversations/${encodeURIComponent(id)}/labels`, { labels });
  /** @type {string[]} */
  const saved = result.labels;
  update((s) => ({ lists: withLabels(s.lists, id, saved), labelsById: { ...s.labelsById, [id]: saved } }));
  void loadLabelsInUse();
  return saved;
}
