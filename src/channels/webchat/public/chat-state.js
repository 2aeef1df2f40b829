// @ts-check
// The web chat's conversation as one array of messages, and the pure functions that change it:
// merging what the server sends (the POST answer, the live stream, history replays) without
// duplicates and in a stable order, the customer's own sends and their delivery, the bot's live
// draft, and which quick-reply buttons may still be pressed. No DOM, no clock: `now` comes in.
// Every function returns a new array (or the same one when nothing changed), so the view can tell
// what changed by identity.

/** @typedef {'customer' | 'bot' | 'staff' | 'system'} Author */
/** @typedef {'queued' | 'sending' | 'sent' | 'failed' | 'rejected'} Delivery */

/**
 * One message on screen.
 * @typedef {object} ChatMessage
 * @property {string} key stays the same for the message's whole life on screen
 * @property {number | null} id the server's id; null until the server has told us
 * @property {string} [clientMessageId] set on the customer's own sends from this page
 * @property {Author} author
 * @property {string} text
 * @property {readonly string[]} choices quick replies offered with the message
 * @property {string} createdAt ISO time: the server's, else a local estimate (`localTime`)
 * @property {boolean} localTime
 * @property {Delivery} [delivery] only on the customer's own sends from this page
 * @property {string} [picked] the quick reply the customer pressed on this message
 * @property {boolean} [draft] the bot's reply while it is being written (LLM mode)
 */

/**
 * A message as the API sends it; anything may be missing or wrong.
 * @typedef {{ id?: unknown, author?: unknown, text?: unknown, choices?: unknown, clientMessageId?: unknown, createdAt?: unknown }} WireMessage
 */

const AUTHORS = /** @type {readonly Author[]} */ (['customer', 'bot', 'staff', 'system']);
/** Own sends still on their way: the head of these is the next to deliver. */
const PENDING = /** @type {readonly Delivery[]} */ (['queued', 'sending', 'failed']);
const DRAFT_KEY = 'draft';
/** A draft that the start of one of this many latest replies already shows is a late echo. */
const DRAFT_LOOKBACK = 3;

/**
 * A server message as shown, or null when it has no usable id. An unknown author reads as a notice.
 * @param {WireMessage} wire
 * @param {string} now ISO time, used when the server gave none
 * @returns {ChatMessage | null}
 */
export function readWireMessage(wire, now) {
  const id = typeof wire.id === 'number' ? wire.id : typeof wire.id === 'string' && /^\d+$/.test(wire.id) ? Number(wire.id) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  const author = AUTHORS.find((known) => known === wire.author) ?? 'system';
  const known = typeof wire.createdAt === 'string' && !Number.isNaN(Date.parse(wire.createdAt));
  return {
    key: `m${id}`,
    id,
    ...(typeof wire.clientMessageId === 'string' && wire.clientMessageId ? { clientMessageId: wire.clientMessageId } : {}),
    author,
    text: typeof wire.text === 'string' ? wire.text : '',
    choices: Array.isArray(wire.choices) ? wire.choices.map(String) : [],
    createdAt: known ? /** @type {string} */ (wire.createdAt) : now,
    localTime: !known,
  };
}

/**
 * Merges server messages from any source. A message already shown (same id) is skipped; the
 * server's echo of one of our own sends (same clientMessageId) completes that message where it
 * stands; a bot message takes the place of the draft. New messages go in server-id order, but
 * never above a message the server does not know yet, so the customer's words do not jump.
 * @param {readonly ChatMessage[]} messages
 * @param {readonly WireMessage[]} wires
 * @param {string} now
 * @returns {readonly ChatMessage[]}
 */
export function mergeMessages(messages, wires, now) {
  /** @type {ChatMessage[] | null} */
  let next = null;
  const seen = new Set(messages.map((message) => message.id));
  for (const wire of wires) {
    const message = readWireMessage(wire, now);
    if (!message || seen.has(message.id)) continue;
    seen.add(message.id);
    next ??= [...messages];
    const own = message.author === 'customer' && message.clientMessageId ? next.findIndex((m) => m.id === null && m.clientMessageId === message.clientMessageId) : -1;
    if (own >= 0) {
      const mine = /** @type {ChatMessage} */ (next[own]);
      next[own] = { ...mine, id: message.id, createdAt: message.createdAt, localTime: message.localTime, delivery: 'sent' };
      continue;
    }
    if (message.author === 'bot') next = next.filter((m) => !m.draft);
    insertInOrder(next, message);
  }
  return next ?? messages;
}

/**
 * @param {ChatMessage[]} list changed in place
 * @param {ChatMessage} message
 */
function insertInOrder(list, message) {
  let at = list.length;
  for (; at > 0; at--) {
    const before = /** @type {ChatMessage} */ (list[at - 1]);
    if (before.id === null || message.id === null || before.id < message.id) break;
  }
  list.splice(at, 0, message);
}

/**
 * The customer's new message, shown at once at the end and queued for delivery.
 * @param {readonly ChatMessage[]} messages
 * @param {{ clientMessageId: string, text: string, now: string }} send
 * @returns {readonly ChatMessage[]}
 */
export function addOwnMessage(messages, { clientMessageId, text, now }) {
  /** @type {ChatMessage} */
  const message = { key: `c${clientMessageId}`, id: null, clientMessageId, author: 'customer', text, choices: [], createdAt: now, localTime: true, delivery: 'queued' };
  return [...messages, message];
}

/**
 * The own send with this clientMessageId, if still on screen.
 * @param {readonly ChatMessage[]} messages
 * @param {string} clientMessageId
 */
export function ownMessage(messages, clientMessageId) {
  return messages.find((message) => message.delivery !== undefined && message.clientMessageId === clientMessageId);
}

/**
 * Sets how far an own send got.
 * @param {readonly ChatMessage[]} messages
 * @param {string} clientMessageId
 * @param {Delivery} delivery
 * @returns {readonly ChatMessage[]}
 */
export function setDelivery(messages, clientMessageId, delivery) {
  const mine = ownMessage(messages, clientMessageId);
  if (!mine || mine.delivery === delivery) return messages;
  return messages.map((message) => (message === mine ? { ...message, delivery } : message));
}

/**
 * The next own send to deliver: the oldest that is neither accepted nor refused. Sends go one at
 * a time and in order, so a failed one holds the others back until it is retried.
 * @param {readonly ChatMessage[]} messages
 */
export function nextToSend(messages) {
  return messages.find((message) => message.delivery !== undefined && PENDING.includes(message.delivery));
}

/**
 * "Retry": failed sends wait in the queue again (keeping their clientMessageId, so the server can tell a repeat).
 * @param {readonly ChatMessage[]} messages
 * @returns {readonly ChatMessage[]}
 */
export function retryFailed(messages) {
  if (!messages.some((message) => message.delivery === 'failed')) return messages;
  return messages.map((message) => (message.delivery === 'failed' ? { ...message, delivery: /** @type {Delivery} */ ('queued') } : message));
}

/**
 * The bot's reply as far as it is written: one growing message at the end, until the reply
 * itself arrives (mergeMessages removes it). A draft that one of the latest replies already
 * starts with arrived late (events travel separately) and is ignored.
 * @param {readonly ChatMessage[]} messages
 * @param {unknown} text
 * @param {string} now
 * @returns {readonly ChatMessage[]}
 */
export function applyDraft(messages, text, now) {
  if (typeof text !== 'string' || !text) return messages;
  const replies = messages.filter((message) => message.author === 'bot' && !message.draft).slice(-DRAFT_LOOKBACK);
  if (replies.some((reply) => reply.text.startsWith(text))) return messages;
  const at = messages.findIndex((message) => message.draft);
  if (at < 0) {
    /** @type {ChatMessage} */
    const draft = { key: DRAFT_KEY, id: null, author: 'bot', text, choices: [], createdAt: now, localTime: true, draft: true };
    return [...messages, draft];
  }
  const current = /** @type {ChatMessage} */ (messages[at]);
  if (current.text === text) return messages;
  return messages.map((message, index) => (index === at ? { ...current, text } : message));
}

/**
 * The key of the one message whose quick replies may still be pressed: the latest bot or staff
 * message that offers some, unless the customer has written since (a refused send does not count).
 * @param {readonly ChatMessage[]} messages
 * @returns {string | null}
 */
export function activeChoicesKey(messages) {
  /** @type {string | null} */
  let active = null;
  for (const message of messages) {
    if (message.author === 'customer') {
      if (message.delivery !== 'rejected') active = null;
    } else if (message.choices.length) {
      active = message.key;
    }
  }
  return active;
}

/**
 * Marks the quick reply the customer pressed on a message.
 * @param {readonly ChatMessage[]} messages
 * @param {string} key
 * @param {string} label
 * @returns {readonly ChatMessage[]}
 */
export function pickChoice(messages, key, label) {
  return messages.map((message) => (message.key === key ? { ...message, picked: label } : message));
}
