// @ts-check
// The open conversation's messages in id order, pure: a fetched history merged with what the live
// stream brought meanwhile, and one live message added without duplicates.

/** @typedef {{ id: number }} Identified */

/**
 * The history as the server has it (its texts win: an erasure rewrites them), plus live messages
 * newer than anything in it, in id order.
 * @template {Identified} T
 * @param {T[]} shown
 * @param {T[]} fetched
 * @returns {T[]}
 */
export function mergeTranscript(shown, fetched) {
  const newest = fetched.reduce((max, m) => Math.max(max, m.id), -Infinity);
  const later = shown.filter((m) => m.id > newest);
  return [...fetched, ...later].sort((a, b) => a.id - b.id);
}

/**
 * The messages with `message` in its place by id; the same array when it is already there.
 * @template {Identified} T
 * @param {T[]} messages
 * @param {T} message
 * @returns {T[]}
 */
export function addMessage(messages, message) {
  if (messages.some((m) => m.id === message.id)) return messages;
  const at = messages.findIndex((m) => m.id > message.id);
  return at === -1 ? [...messages, message] : [...messages.slice(0, at), message, ...messages.slice(at)];
}
