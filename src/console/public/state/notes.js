// @ts-check
// Private notes on the open conversation: added from the notes panel or the composer's private
// mode, and arriving live when a colleague adds one (the `note` event); each shown once.

import { api } from '../../assets/kit/api.js';
import { update } from './console-store.js';

/** @typedef {{ id: string, text: string, staff: { name: string }, createdAt: string }} Note */

/**
 * The note added to the conversation's notes when that conversation is open; once, by id.
 * @param {string} conversationId
 * @param {Note} note
 */
export function showNote(conversationId, note) {
  update((s) => {
    if (s.openId !== conversationId || !s.detail) return {};
    const notes = /** @type {Note[]} */ (s.detail.notes ?? []);
    if (notes.some((n) => n.id === note.id)) return {};
    return { detail: { ...s.detail, notes: [...notes, note] } };
  });
}

/**
 * Adds a private note (staff only, never sent to the customer); throws ApiError when refused.
 * @param {string} conversationId
 * @param {string} text
 */
export async function addNote(conversationId, text) {
  const { note } = await api('POST', `/api/staff/conversations/${encodeURIComponent(conversationId)}/notes`, { text });
  showNote(conversationId, note);
  return /** @type {Note} */ (note);
}

/** A colleague's (or this person's other tab's) note, from the live stream. */
export function receiveNote(/** @type {{ conversationId: string, note: Note }} */ event) {
  showNote(event.conversationId, event.note);
}
