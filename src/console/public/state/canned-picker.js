// @ts-check
// The composer's `/` picker, pure: the `/query` word at the cursor, the canned replies it matches
// (title and text, in the customer's language and in the staff member's), and the text with the
// chosen reply put in place of the `/query`.

/**
 * @typedef {{ id: string, title: string, text: string }} CannedReply
 * @typedef {{ start: number, end: number, query: string }} SlashQuery
 */

/**
 * The `/word` being typed at the cursor: a `/` at the start of the text or after white space,
 * followed by anything but white space up to the cursor. Null when the cursor is not in one
 * (so "and/or" and "https://…" never open the picker).
 * @param {string} text
 * @param {number} cursor
 * @returns {SlashQuery | null}
 */
export function slashQuery(text, cursor) {
  const before = text.slice(0, cursor);
  const match = /(^|\s)\/(\S*)$/.exec(before);
  if (!match) return null;
  const start = cursor - /** @type {string} */ (match[2]).length - 1;
  return { start, end: cursor, query: /** @type {string} */ (match[2]) };
}

/**
 * The replies whose title or text (in either language given) contain every word of the query,
 * letter case ignored; titles first, then text matches, each in the file's order.
 * @param {CannedReply[]} replies the replies to insert (the customer's language)
 * @param {string} query
 * @param {CannedReply[]} [alsoTitled] the same replies in the staff member's language, matched by id
 * @returns {CannedReply[]}
 */
export function matchCanned(replies, query, alsoTitled = []) {
  const words = query
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
  if (words.length === 0) return replies;
  const other = new Map(alsoTitled.map((r) => [r.id, r]));
  /** @param {string} haystack */
  const hasAll = (haystack) => words.every((word) => haystack.includes(word));
  const titled = [];
  const texted = [];
  for (const reply of replies) {
    const twin = other.get(reply.id);
    const titles = `${reply.id} ${reply.title} ${twin?.title ?? ''}`.toLowerCase();
    if (hasAll(titles)) titled.push(reply);
    else if (hasAll(`${titles} ${reply.text} ${twin?.text ?? ''}`.toLowerCase())) texted.push(reply);
  }
  return [...titled, ...texted];
}

/**
 * `text` with [start, end) replaced by `insert`, and where the cursor goes: right after it. Spaces
 * keep it apart from a word it would touch on either side, so typing can go on.
 * @param {string} text
 * @param {number} start
 * @param {number} end
 * @param {string} insert
 * @returns {{ text: string, cursor: number }}
 */
export function insertAtCursor(text, start, end, insert) {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === '' || /\s$/.test(before) ? '' : ' ';
  const trail = after === '' || /^\s/.test(after) ? '' : ' ';
  const placed = `${lead}${insert}${trail}`;
  return { text: `${before}${placed}${after}`, cursor: start + placed.length };
}
