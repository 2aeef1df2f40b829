// @ts-check
// Draws the message list from the state's one array. Each message keeps its element for its whole
// life (by key), so the list only ever gains, updates or loses the elements that changed: the
// live region announces new messages once, and a button keeps its place while it is pressed.
// Server and customer text is only ever inserted with textContent.

/** @typedef {import('./chat-state.js').ChatMessage} ChatMessage */
/** @typedef {import('./chat-state.js').Delivery} Delivery */

/**
 * What a message is drawn with besides itself.
 * @typedef {object} ListView
 * @property {string | null} activeKey the message whose quick replies may be pressed
 * @property {(key: string, vars?: Record<string, string | number>) => string} t
 * @property {(iso: string) => string} formatTime the tooltip of a message's time
 * @property {string} lang redraw the wording when it changes
 */

/** The line under an own send in each delivery state ("sent" shows none). */
const DELIVERY_LABELS = /** @type {Partial<Record<Delivery, string>>} */ ({ queued: 'msgQueued', sending: 'msgSending', failed: 'msgFailed', rejected: 'msgFailed' });

/** @typedef {{ el: HTMLElement, message: ChatMessage | null, active: boolean, lang: string }} Drawn */

/** @type {WeakMap<HTMLElement, Map<string, Drawn>>} */
const drawnBy = new WeakMap();

/**
 * Makes `container`'s children match `messages`, in order.
 * @param {HTMLElement} container
 * @param {readonly ChatMessage[]} messages
 * @param {ListView} view
 */
export function renderMessageList(container, messages, view) {
  const drawn = drawnBy.get(container) ?? new Map();
  drawnBy.set(container, drawn);
  const keep = new Set();
  /** @type {Element | null} */
  let cursor = container.firstElementChild;
  for (const message of messages) {
    keep.add(message.key);
    let entry = drawn.get(message.key);
    if (!entry) {
      entry = { el: document.createElement('div'), message: null, active: false, lang: '' };
      drawn.set(message.key, entry);
    }
    const active = message.key === view.activeKey;
    if (entry.message !== message || entry.active !== active || entry.lang !== view.lang) {
      drawMessage(entry.el, message, active, view, entry.message, entry.lang);
      Object.assign(entry, { message, active, lang: view.lang });
    }
    if (entry.el === cursor) cursor = entry.el.nextElementSibling;
    else container.insertBefore(entry.el, cursor);
  }
  for (const [key, entry] of drawn) {
    if (keep.has(key)) continue;
    entry.el.remove();
    drawn.delete(key);
  }
}

/**
 * Brings one message's element up to date, touching only what differs from `before`.
 * @param {HTMLElement} el
 * @param {ChatMessage} message
 * @param {boolean} active
 * @param {ListView} view
 * @param {ChatMessage | null} before what the element shows now (null: a new element)
 * @param {string} langBefore the language it is shown in now
 */
function drawMessage(el, message, active, view, before, langBefore) {
  const { t } = view;
  if (!before) {
    el.className = 'msg';
    el.dataset.key = message.key;
    el.dataset.author = message.author;
    const label = document.createElement('span');
    label.className = 'msg-author';
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    el.append(label, bubble);
    if (message.choices.length) el.append(buildChoices(message.choices));
  }
  // A message known to the server carries its id; an own send not yet accepted an empty one.
  if (message.id !== null) el.dataset.id = String(message.id);
  else if (message.delivery !== undefined) el.dataset.id = '';
  if (message.clientMessageId) el.dataset.clientId = message.clientMessageId;
  el.toggleAttribute('data-draft', Boolean(message.draft));
  if (message.draft) el.setAttribute('aria-busy', 'true');
  else el.removeAttribute('aria-busy');
  el.dataset.time = message.createdAt;
  el.toggleAttribute('data-local-time', message.localTime);
  el.title = view.formatTime(message.createdAt);

  setText(/** @type {HTMLElement} */ (el.querySelector('.msg-author')), t(`author.${message.author}`));
  setText(/** @type {HTMLElement} */ (el.querySelector('.bubble')), message.text);

  const row = el.querySelector('.choices');
  if (row) {
    row.setAttribute('aria-label', t('choicesLabel'));
    for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (row.querySelectorAll('.choice'))) {
      button.disabled = !active;
      button.classList.toggle('is-picked', button.textContent === message.picked);
    }
  }

  if (message.delivery !== undefined) {
    el.dataset.state = message.delivery;
    if (before?.delivery !== message.delivery || langBefore !== view.lang) drawDelivery(el, message.delivery, view);
  }
}

/**
 * @param {HTMLElement} el
 * @param {string} text
 */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** @param {readonly string[]} choices */
function buildChoices(choices) {
  const row = document.createElement('div');
  row.className = 'choices';
  row.setAttribute('role', 'group');
  for (const choice of choices) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'choice';
    button.textContent = choice;
    row.append(button);
  }
  return row;
}

/**
 * The line under an own send: "Sending…", or "Not sent." with Retry.
 * @param {HTMLElement} el
 * @param {Delivery} delivery
 * @param {ListView} view
 */
function drawDelivery(el, delivery, view) {
  el.querySelector('.msg-meta')?.remove();
  const key = DELIVERY_LABELS[delivery];
  if (!key) return;
  const meta = document.createElement('div');
  meta.className = 'msg-meta';
  const label = document.createElement('span');
  label.textContent = view.t(key);
  meta.append(label);
  if (delivery === 'failed') {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'retry';
    retry.textContent = view.t('retry');
    meta.append(retry);
  }
  el.append(meta);
}
