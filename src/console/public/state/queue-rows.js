// @ts-check
// The queue rows' own details kept current between refreshes, pure: the last message as a one-line
// preview, the unread count a live customer message adds to and opening clears, the labels.

/** @typedef {{ text: string, author: string, at: string }} LastMessage */
/** @typedef {{ id: string, lastMessage?: LastMessage | null, unread?: number, lastCustomerMessageAt?: string | null, labels?: string[] }} Row */
/** @typedef {Record<string, Row[]>} Lists */

/** Characters a preview keeps before the ellipsis (two lines of the pane at most; CSS clamps too). */
export const PREVIEW_MAX_CHARS = 140;

/**
 * The message as a queue row shows it: white space and line breaks as single spaces, cut at a
 * word near `max` characters with an ellipsis.
 * @param {string} text
 * @param {number} [max]
 */
export function previewText(text, max = PREVIEW_MAX_CHARS) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * @template {Lists} L
 * @param {L} lists
 * @param {string} id
 * @param {(row: L[string][number]) => L[string][number]} change
 * @returns {L}
 */
function changeRow(lists, id, change) {
  /** @type {Lists} */
  const next = {};
  for (const [status, rows] of Object.entries(lists)) next[status] = rows.some((row) => row.id === id) ? rows.map((row) => (row.id === id ? change(row) : row)) : rows;
  return /** @type {L} */ (next);
}

/**
 * A live message on its conversation's rows: the preview, and for a customer's message the time
 * they wrote and, unless the reader is looking at it (`seen`), one more unread.
 * @template {Lists} L
 * @param {L} lists
 * @param {{ conversationId?: string, author: string, text: string, createdAt: string }} message
 * @param {boolean} seen
 * @returns {L}
 */
export function withLiveMessage(lists, message, seen) {
  const id = message.conversationId;
  if (!id) return lists;
  const fromCustomer = message.author === 'customer';
  return changeRow(lists, id, (row) => ({
    ...row,
    lastMessage: { text: message.text, author: message.author, at: message.createdAt },
    ...(fromCustomer ? { lastCustomerMessageAt: message.createdAt, unread: seen ? 0 : (row.unread ?? 0) + 1 } : {}),
  }));
}

/**
 * @template {Lists} L
 * @param {L} lists
 * @param {string} id
 * @returns {L}
 */
export function withoutUnread(lists, id) {
  return changeRow(lists, id, (row) => (row.unread ? { ...row, unread: 0 } : row));
}

/**
 * @template {Lists} L
 * @param {L} lists
 * @param {string} id
 * @param {string[]} labels
 * @returns {L}
 */
export function withLabels(lists, id, labels) {
  return changeRow(lists, id, (row) => ({ ...row, labels }));
}

/**
 * The row of a conversation in any list, if one is loaded.
 * @template {Row} T
 * @param {Record<string, T[]>} lists
 * @param {string} id
 * @returns {T | undefined}
 */
export function findRow(lists, id) {
  for (const rows of Object.values(lists)) {
    const row = rows.find((r) => r.id === id);
    if (row) return row;
  }
  return undefined;
}
