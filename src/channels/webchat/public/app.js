// @ts-check
// Customer web chat page.
// Loads the UI strings and the staff hours shown in the header, keeps the chat session in
// localStorage, sends customer messages over the HTTP API (queued while offline, retried with the
// same clientMessageId), receives replies, typing and status updates over Server-Sent Events, and
// draws the conversation. The complaint step the API reports is for staff and is not shown.
// The session token only ever travels in the Authorization header: the live stream is opened with
// a one-use ticket, so no URL (which servers and proxies log) carries it. A session the server no
// longer accepts (expired after a time unused) is replaced by a new one, and the page says so.
// All state is one object (`state`); the messages are one array changed only by the pure functions
// of chat-state.js; render() draws the page from it. Wording, API calls and the live stream come
// from the kit shared with the console (/assets/kit/).

import { ApiError, api } from './assets/kit/api.js';
import { chooseLanguage, hasString, language, setLanguage, setUpI18n, subscribeLanguage, t } from './assets/kit/i18n.js';
import { connectLive } from './assets/kit/live.js';
import { activeChoicesKey, addOwnMessage, applyDraft, mergeMessages, nextToSend, ownMessage, pickChoice, retryFailed, setDelivery } from './chat-state.js';
import { renderMessageList } from './message-list-view.js';
import { staffHoursLine } from './staff-hours-line.js';

/** @typedef {import('./chat-state.js').ChatMessage} ChatMessage */
/** @typedef {import('./chat-state.js').WireMessage} WireMessage */
/** @typedef {import('./assets/kit/i18n.js').Language} Language */
/** @typedef {'bot' | 'queued' | 'human' | 'closed'} Status */
/** @typedef {'idle' | 'connecting' | 'open' | 'reconnecting'} Connection */
/** @typedef {{ sessionId: string, token: string }} Session */
/** @typedef {import('./staff-hours-line.js').StaffHours} StaffHours */

const API = '/api/webchat';
const STRINGS_URL = '/webchat/strings.json';
const SESSION_KEY = 'care.webchat.session';
const LANG_KEY = 'care.webchat.lang';
const STATUSES = /** @type {readonly Status[]} */ (['bot', 'queued', 'human', 'closed']);
const MAX_CHARS = 2000;
const COUNTER_FROM = 1800;
const INPUT_MAX_HEIGHT_PX = 160;
const PINNED_THRESHOLD_PX = 80;
const REQUEST_TIMEOUT_MS = 20_000;
const TYPING_TIMEOUT_MS = 30_000;
/** While the customer types, staff are told at most this often; a pause this long tells them it stopped. */
const TYPING_REPORT_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 5_000;
const RECONNECT = { minMs: 2_000, maxMs: 30_000 };
/** While the stream is open, history is also checked this often: a safety net for a lost live event. */
const RESYNC_MS = 10_000;

// What "New conversation" warns about, by conversation status: in the queue or with a person there is more to lose.
const CONFIRM_NEW_TEXT = { bot: 'confirmNewText', queued: 'confirmNewQueued', human: 'confirmNewHuman', closed: 'confirmNewText' };

/** @param {string} selector */
const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));
const els = {
  app: $('#app'),
  hours: $('#hours'),
  lang: $('#lang'),
  newChat: $('#new-chat'),
  confirmNew: /** @type {HTMLDialogElement} */ ($('#confirm-new')),
  confirmNewText: $('#confirm-new-text'),
  status: $('#status'),
  statusText: $('#status-text'),
  conn: $('#conn'),
  scroller: $('#scroller'),
  nameForm: $('#name-form'),
  name: /** @type {HTMLInputElement} */ ($('#name')),
  messages: $('#messages'),
  typing: $('#typing'),
  error: $('#error'),
  restart: $('#restart'),
  composer: $('#composer'),
  input: /** @type {HTMLTextAreaElement} */ ($('#input')),
  counter: $('#counter'),
  send: /** @type {HTMLButtonElement} */ ($('#send')),
};

/**
 * The conversation on screen. "New conversation" replaces it, so late async results can tell they are stale.
 * @typedef {object} Chat
 * @property {Session | null} session null until the first message is sent
 * @property {Promise<Session> | null} sessionPromise
 * @property {readonly ChatMessage[]} messages the one list: server messages, own sends, the bot's draft
 * @property {boolean} flushing
 * @property {Set<string>} renewed own sends already retried once in a new session after a 401
 */

/** @param {Session | null} session @returns {Chat} */
function newChat(session) {
  return { session, sessionPromise: null, messages: [], flushing: false, renewed: new Set() };
}

const state = {
  staffHours: /** @type {StaffHours | null} */ (null),
  chat: newChat(null),
  conversation: { status: /** @type {Status} */ ('bot') },
  connection: /** @type {Connection} */ ('idle'),
  /** An error near the input: the server's own message when it gave one, else the string `key`. */
  error: /** @type {{ key: string, text: string } | null} */ (null),
  /** The bot or staff typing dots. */
  typing: /** @type {{ author: 'bot' | 'staff' } | null} */ (null),
  /** Whether the list is scrolled to the newest message. */
  pinned: true,
};

// Handles of what runs in the background; not drawn.
const background = {
  /** The live stream while open or opening; a new object per connection, so stale callbacks can tell. */
  events: /** @type {{ live: { close(): void } | null } | null} */ (null),
  resyncTimer: /** @type {ReturnType<typeof setInterval> | undefined} */ (undefined),
  typingTimer: /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined),
  /** What staff were last told (POST /typing). */
  customerTyping: { on: false, sentAt: 0, idleTimer: /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined) },
  drawnLang: '',
};

// ---------------------------------------------------------------- storage

/** @param {string} key */
function readStorage(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @param {Session | null} session */
function writeSession(session) {
  try {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage disabled (e.g. private mode): the page still works, it just forgets on reload.
  }
}

/** @returns {Session | null} */
function readSession() {
  try {
    const saved = JSON.parse(readStorage(SESSION_KEY) ?? 'null');
    return saved?.sessionId && saved?.token ? { sessionId: String(saved.sessionId), token: String(saved.token) } : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- loading

async function loadStrings() {
  try {
    return await api('GET', STRINGS_URL);
  } catch (error) {
    console.error('webchat: could not load UI strings', error);
    return {};
  }
}

/** When people answer; null (a general subtitle instead) when the server cannot be reached. */
async function loadStaffHours() {
  try {
    return (await api('GET', `${API}/info`, undefined, { timeoutMs: REQUEST_TIMEOUT_MS })).staffHours ?? null;
  } catch (error) {
    console.warn('webchat: could not load the staff hours', error);
    return null;
  }
}

/** @param {'GET' | 'POST'} method @param {string} path @param {Session} session @param {unknown} [body] */
function callWithSession(method, path, session, body) {
  return api(method, path, body, { bearer: session.token, timeoutMs: REQUEST_TIMEOUT_MS });
}

/** @param {unknown} error */
function statusOf(error) {
  return error instanceof ApiError ? error.status : 0;
}

/** @param {unknown} error */
function isRetryable(error) {
  const status = statusOf(error);
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** The page's language as <html lang> and Intl read it. */
function htmlLang() {
  return language() === 'zh' ? 'zh-CN' : 'en';
}

function toggleLanguage() {
  const next = language() === 'zh' ? 'en' : 'zh';
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
  }
  setLanguage(next); // remembered by the kit; the subscription redraws
}

// ---------------------------------------------------------------- session

/** @param {Chat} chat @returns {Promise<Session>} */
function ensureSession(chat) {
  if (chat.session) return Promise.resolve(chat.session);
  chat.sessionPromise ??= createSession(chat).finally(() => {
    chat.sessionPromise = null;
  });
  return chat.sessionPromise;
}

/** @param {Chat} chat @returns {Promise<Session>} */
async function createSession(chat) {
  const name = els.name.value.trim();
  const created = await api('POST', `${API}/sessions`, { locale: language(), ...(name && { name }) }, { timeoutMs: REQUEST_TIMEOUT_MS });
  const session = { sessionId: String(created.sessionId), token: String(created.token) };
  if (chat === state.chat) {
    chat.session = session;
    writeSession(session);
    // The live stream is opened once the first message is delivered (see deliver): the server opens
    // the conversation on the first request that needs one, and an events request racing the first
    // message could otherwise leave the stream on a different conversation than the messages.
    render();
  }
  return session;
}

/**
 * The server no longer accepts this token (401: expired after a time unused, or unknown): forget
 * it; the next send creates a new session. The old messages stay on screen until the customer
 * chooses "Start a new conversation" beside the notice.
 * @param {Chat} chat
 * @param {Session | undefined} session
 */
function expireSession(chat, session) {
  if (chat.session !== session) return;
  chat.session = null;
  writeSession(null);
  closeEvents();
  state.connection = 'idle';
  state.error = { key: 'errorSessionExpired', text: '' };
  render();
}

/**
 * The token was refused (401): a new session takes its place, ready for the next message.
 * @param {Chat} chat
 * @param {Session} session
 */
function sessionRejected(chat, session) {
  if (chat !== state.chat) return;
  expireSession(chat, session);
  ensureSession(chat).catch(() => {}); // if this fails, the next send tries again
}

/** "New conversation" asks first (an in-page dialog) whenever there is a conversation to leave. */
function onNewChatClick() {
  if (!state.chat.session && state.chat.messages.length === 0) {
    startNewConversation();
    return;
  }
  els.confirmNew.returnValue = '';
  els.confirmNew.showModal();
}

function startNewConversation() {
  closeEvents();
  writeSession(null);
  Object.assign(state, { chat: newChat(null), conversation: { status: 'bot' }, connection: 'idle', error: null });
  setTyping(null);
  render();
  els.input.focus();
}

// ---------------------------------------------------------------- live events (SSE)

/** Opens the live stream: each connection asks for a one-use ticket with the token, then connects with it. */
function connectEvents() {
  closeEvents();
  const chat = state.chat;
  const session = chat.session;
  if (!session) return;
  const stream = { live: /** @type {{ close(): void } | null} */ (null) };
  background.events = stream;
  const current = () => stream === background.events;
  stream.live = connectLive({
    url: () => eventsUrl(chat, session),
    retryWithFreshUrl: true, // the browser's own retry would reuse the spent ticket
    resumeParam: 'lastEventId',
    backoff: RECONNECT,
    // Also finds out whether the session expired (then it stops).
    beforeReconnect: async () => {
      await syncHistory();
      return current() && Boolean(state.chat.session);
    },
    onState: (live) => {
      if (!current()) return;
      if (live === 'on') onEventsOpen(stream);
      else if (live === 'connecting') setConnection('connecting');
      else {
        setTyping(null);
        setConnection('reconnecting');
      }
    },
    events: {
      message: (message) => {
        if (current()) receive(chat, [message]);
      },
      typing: (typing) => {
        if (current()) setTyping(typing?.on ? { author: typing.author === 'staff' ? 'staff' : 'bot' } : null);
      },
      draft: (draft) => {
        if (current()) receiveDraft(chat, draft?.text);
      },
      status: (conversation) => {
        if (current()) applyConversation(conversation);
      },
    },
  });
}

/**
 * @param {Chat} chat
 * @param {Session} session
 */
async function eventsUrl(chat, session) {
  try {
    const { ticket } = await callWithSession('POST', `${API}/events/ticket`, session, {});
    return `${API}/events?ticket=${encodeURIComponent(ticket)}`;
  } catch (error) {
    if (statusOf(error) === 401) sessionRejected(chat, session);
    throw error;
  }
}

/** @param {object} stream */
function onEventsOpen(stream) {
  setConnection('open');
  void syncHistory(); // fills anything missed while the stream was down
  clearInterval(background.resyncTimer);
  background.resyncTimer = setInterval(() => {
    if (stream === background.events && document.visibilityState === 'visible') void syncHistory();
  }, RESYNC_MS);
}

function closeEvents() {
  clearInterval(background.resyncTimer);
  background.events?.live?.close();
  background.events = null;
}

/** Back online: a stream that gave up (or never opened) starts again at once. */
function resumeEvents() {
  if (state.chat.session && (!background.events || state.connection === 'reconnecting')) connectEvents();
}

async function syncHistory() {
  const chat = state.chat;
  const session = chat.session;
  if (!session) return;
  try {
    const data = await callWithSession('GET', `${API}/history`, session);
    if (chat !== state.chat) return;
    receive(chat, data.messages ?? []);
    applyConversation(data.conversation);
  } catch (error) {
    if (statusOf(error) === 401) sessionRejected(chat, session);
    // Other failures: the live stream and the next reconnect catch up.
  }
}

// ---------------------------------------------------------------- state changes

/**
 * Server messages from any source join the list; a message from whoever was typing ends their dots.
 * @param {Chat} chat
 * @param {readonly WireMessage[]} wires
 */
function receive(chat, wires) {
  if (chat !== state.chat) return;
  const before = chat.messages;
  chat.messages = mergeMessages(before, wires, new Date().toISOString());
  if (chat.messages === before) return;
  const previous = new Set(before);
  if (state.typing && chat.messages.some((message) => !previous.has(message) && message.author === state.typing?.author)) setTyping(null);
  render();
}

/**
 * @param {Chat} chat
 * @param {unknown} text
 */
function receiveDraft(chat, text) {
  const before = chat.messages;
  chat.messages = applyDraft(before, text, new Date().toISOString());
  if (chat.messages === before) return;
  setTyping(null);
  render();
}

/**
 * @param {Chat} chat
 * @param {readonly ChatMessage[]} messages
 */
function updateMessages(chat, messages) {
  chat.messages = messages;
  if (chat === state.chat) render();
}

/** @param {{ status?: unknown } | undefined} conversation */
function applyConversation(conversation) {
  const status = STATUSES.find((known) => known === conversation?.status);
  if (!status) return;
  // The complaint step (conversation.step) is for staff; customers are not shown it.
  state.conversation = { status };
  render();
}

/** @param {{ author: 'bot' | 'staff' } | null} typing */
function setTyping(typing) {
  clearTimeout(background.typingTimer);
  state.typing = typing;
  if (typing) background.typingTimer = setTimeout(() => setTyping(null), TYPING_TIMEOUT_MS); // never leave the dots spinning
  render();
}

/** @param {Connection} connection */
function setConnection(connection) {
  state.connection = connection;
  render();
}

/** @param {string} key @param {string} [text] */
function showError(key, text = '') {
  state.error = { key, text };
  render();
}

/** Clears the error; when keys are given, only an error shown with one of them. @param {string[]} keys */
function clearError(...keys) {
  if (!state.error || (keys.length && !keys.includes(state.error.key))) return;
  state.error = null;
  render();
}

// ---------------------------------------------------------------- sending

/**
 * Shows a customer message at once and queues it for delivery. Returns false if it was not accepted.
 * @param {string} raw
 */
function sendText(raw) {
  const text = raw.trim();
  if (!text) return false;
  if (text.length > MAX_CHARS) {
    showError('errorTooLong');
    return false;
  }
  state.error = null;
  state.pinned = true;
  const chat = state.chat;
  updateMessages(chat, addOwnMessage(chat.messages, { clientMessageId: newId(), text, now: new Date().toISOString() }));
  void flushOutbox(chat);
  return true;
}

/**
 * Delivers queued messages one at a time, in order; stops at a message that needs a retry.
 * @param {Chat} chat
 */
async function flushOutbox(chat) {
  if (chat.flushing) return;
  chat.flushing = true;
  try {
    for (let next = nextToSend(chat.messages); next?.clientMessageId && chat === state.chat && navigator.onLine; next = nextToSend(chat.messages)) {
      if ((await deliver(chat, next.clientMessageId, next.text)) === 'blocked') break;
    }
  } finally {
    chat.flushing = false;
  }
}

/**
 * @param {Chat} chat
 * @param {string} clientMessageId
 * @param {string} text
 * @returns {Promise<'sent' | 'blocked' | 'rejected'>}
 */
async function deliver(chat, clientMessageId, text) {
  updateMessages(chat, setDelivery(chat.messages, clientMessageId, 'sending'));
  /** @type {Session | undefined} */
  let session;
  try {
    session = await ensureSession(chat);
    const data = await callWithSession('POST', `${API}/messages`, session, { text, clientMessageId });
    if (chat !== state.chat) return 'blocked';
    if (!background.events) connectEvents(); // first message of a new session; syncs history (our echo) on open
    const replies = (data.replies ?? []).map((/** @type {WireMessage} */ reply) => ({ author: 'bot', ...reply }));
    updateMessages(chat, mergeMessages(setDelivery(chat.messages, clientMessageId, 'sent'), replies, new Date().toISOString()));
    clearError('errorNetwork', 'errorGeneric'); // a retry went through
    applyConversation(data.conversation);
    // The live stream normally echoes our message with its server id; if it has not (yet), e.g. an
    // event lost while the stream was (re)connecting, fetch it so the list matches the server.
    if (ownMessage(chat.messages, clientMessageId)?.id === null && state.connection !== 'connecting') void syncHistory();
    return 'sent';
  } catch (error) {
    return chat === state.chat ? handleDeliveryError(chat, clientMessageId, text, session, error) : 'blocked';
  }
}

/**
 * @param {Chat} chat
 * @param {string} clientMessageId
 * @param {string} text
 * @param {Session | undefined} session
 * @param {unknown} error
 * @returns {Promise<'sent' | 'blocked' | 'rejected'> | 'sent' | 'blocked' | 'rejected'}
 */
function handleDeliveryError(chat, clientMessageId, text, session, error) {
  if (ownMessage(chat.messages, clientMessageId)?.id != null) {
    // The server already echoed this message over SSE, so it did arrive.
    updateMessages(chat, setDelivery(chat.messages, clientMessageId, 'sent'));
    return 'sent';
  }
  const status = statusOf(error);
  if (status === 401 && !chat.renewed.has(clientMessageId)) {
    chat.renewed.add(clientMessageId);
    expireSession(chat, session);
    return deliver(chat, clientMessageId, text);
  }
  const errorKey = status === 429 ? 'errorBusy' : status ? 'errorGeneric' : 'errorNetwork';
  // The server's own words when it gave some; our wording (in the page's language) otherwise, and
  // always for "too many requests from this network".
  const code = error instanceof ApiError ? error.code : 'network';
  const errorText = status === 429 || code === 'network' || code === 'http' || !(error instanceof ApiError) ? '' : error.message;
  if (isRetryable(error)) {
    // Kept at the head of the queue; a retry reuses its clientMessageId so the server can dedupe.
    updateMessages(chat, setDelivery(chat.messages, clientMessageId, navigator.onLine ? 'failed' : 'queued'));
    if (navigator.onLine) showError(errorKey, errorText);
    return 'blocked';
  }
  updateMessages(chat, setDelivery(chat.messages, clientMessageId, 'rejected'));
  showError(errorKey, errorText);
  return 'rejected';
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID only exists in secure contexts (https, localhost); build a v4 UUID by hand otherwise.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------- rendering

/** Draws the whole page from `state`. */
function render() {
  const lang = language();
  if (background.drawnLang !== lang) {
    background.drawnLang = lang;
    drawWording();
  }
  els.hours.textContent = staffHoursLine(state.staffHours, t, hasString, htmlLang());

  const { status } = state.conversation;
  els.status.dataset.status = status;
  els.app.dataset.status = status;
  els.statusText.textContent = t(`status.${status}`);
  els.confirmNewText.textContent = t(CONFIRM_NEW_TEXT[status]);

  const shown = navigator.onLine ? state.connection : 'offline';
  const visible = shown === 'connecting' || shown === 'reconnecting' || shown === 'offline';
  els.conn.hidden = !visible;
  els.conn.dataset.state = shown;
  els.conn.textContent = visible ? t(shown) : '';

  const { messages, session } = state.chat;
  renderMessageList(els.messages, messages, { activeKey: activeChoicesKey(messages), t, formatTime, lang });
  els.nameForm.hidden = Boolean(session) || messages.length > 0;

  els.typing.hidden = !state.typing;
  if (state.typing) els.typing.dataset.author = state.typing.author;

  const length = els.input.value.trim().length;
  const tooLong = length > MAX_CHARS;
  els.send.disabled = length === 0 || tooLong;
  els.counter.hidden = length < COUNTER_FROM;
  els.counter.textContent = t('counter', { count: length, max: MAX_CHARS });
  els.counter.classList.toggle('is-over', tooLong);

  const error = tooLong ? { key: 'errorTooLong', text: '' } : state.error;
  els.error.textContent = error ? error.text || t(error.key, { max: MAX_CHARS }) : '';
  // After an expired session: a visible way to clear the old conversation and start afresh.
  els.restart.hidden = error?.key !== 'errorSessionExpired';

  if (state.pinned) scrollToBottom();
}

/** The fixed wording of the page (marked with data-i18n… in index.html), in the current language. */
function drawWording() {
  document.documentElement.lang = htmlLang();
  document.title = t('title');
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) el.textContent = t(el.dataset.i18n ?? '');
  for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('[data-i18n-placeholder]'))) el.placeholder = t(el.dataset.i18nPlaceholder ?? '');
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n-label]'))) el.setAttribute('aria-label', t(el.dataset.i18nLabel ?? ''));
}

/** @param {string} iso */
function formatTime(iso) {
  return new Date(iso).toLocaleString(htmlLang(), { dateStyle: 'medium', timeStyle: 'short' });
}

// ---------------------------------------------------------------- scrolling

function isNearBottom() {
  const { scrollHeight, scrollTop, clientHeight } = els.scroller;
  return scrollHeight - scrollTop - clientHeight < PINNED_THRESHOLD_PX;
}

function scrollToBottom() {
  state.pinned = true;
  els.scroller.scrollTop = els.scroller.scrollHeight;
}

// ---------------------------------------------------------------- composer

function autosizeInput() {
  els.input.style.height = 'auto';
  els.input.style.height = `${Math.min(els.input.scrollHeight, INPUT_MAX_HEIGHT_PX)}px`;
}

function submitComposer() {
  if (els.send.disabled || !sendText(els.input.value)) return;
  reportTypingStopped();
  els.input.value = '';
  autosizeInput();
  render();
}

/** @param {KeyboardEvent} event */
function onInputKeydown(event) {
  // Enter sends, Shift+Enter is a newline; never send while an IME (e.g. pinyin) is composing.
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  submitComposer();
}

/** @param {MouseEvent} event */
function onMessagesClick(event) {
  const target = /** @type {Element} */ (event.target);
  const choice = /** @type {HTMLButtonElement | null} */ (target.closest('.choice'));
  const key = /** @type {HTMLElement | null} */ (target.closest('.msg'))?.dataset.key;
  if (choice && !choice.disabled && key) {
    const label = choice.textContent ?? '';
    const chat = state.chat;
    updateMessages(chat, pickChoice(chat.messages, key, label));
    sendText(label);
  } else if (target.closest('.retry')) {
    const chat = state.chat;
    updateMessages(chat, retryFailed(chat.messages));
    void flushOutbox(chat);
  }
}

// ---------------------------------------------------------------- typing, for staff

/** Tells staff the customer is typing: at most one request every few seconds, "stopped" after a pause. */
function reportTyping() {
  const typing = background.customerTyping;
  clearTimeout(typing.idleTimer);
  typing.idleTimer = setTimeout(reportTypingStopped, TYPING_IDLE_MS);
  if (typing.on && Date.now() - typing.sentAt < TYPING_REPORT_EVERY_MS) return;
  if (postTyping(true)) Object.assign(typing, { on: true, sentAt: Date.now() });
}

function reportTypingStopped() {
  const typing = background.customerTyping;
  clearTimeout(typing.idleTimer);
  if (!typing.on) return;
  typing.on = false;
  postTyping(false);
}

/**
 * Fire and forget: never awaited, never shown; sending does not depend on it. False without a session yet.
 * @param {boolean} on
 */
function postTyping(on) {
  const session = state.chat.session;
  if (!session) return false;
  fetch(`${API}/typing`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ on }),
    keepalive: true,
  }).catch(() => {});
  return true;
}

// ---------------------------------------------------------------- start-up

function bindEvents() {
  els.lang.addEventListener('click', toggleLanguage);
  els.newChat.addEventListener('click', onNewChatClick);
  els.restart.addEventListener('click', startNewConversation);
  els.confirmNew.addEventListener('close', () => {
    if (els.confirmNew.returnValue === 'confirm') startNewConversation();
  });
  els.messages.addEventListener('click', onMessagesClick);
  els.nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    els.input.focus();
  });
  els.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submitComposer();
  });
  els.input.addEventListener('keydown', onInputKeydown);
  els.input.addEventListener('input', () => {
    autosizeInput();
    render();
    if (els.input.value.trim()) reportTyping();
    else reportTypingStopped();
  });
  els.scroller.addEventListener('scroll', () => {
    state.pinned = isNearBottom();
  });
  new ResizeObserver(() => state.pinned && scrollToBottom()).observe(els.scroller);
  window.addEventListener('online', () => {
    render();
    resumeEvents();
    void flushOutbox(state.chat);
  });
  window.addEventListener('offline', render);
  subscribeLanguage(render);
}

async function init() {
  const [table, staffHours] = await Promise.all([loadStrings(), loadStaffHours()]);
  state.staffHours = staffHours;
  /** @type {Language} */
  const lang = chooseLanguage({ query: new URLSearchParams(location.search).get('lang'), saved: readStorage(LANG_KEY), browser: navigator.language });
  setUpI18n({ table, storageKey: LANG_KEY, lang });
  bindEvents();
  const saved = readSession();
  if (saved) {
    state.chat.session = saved;
    connectEvents();
    void syncHistory(); // now, rather than waiting for the stream to open
  }
  render();
  els.app.removeAttribute('aria-busy');
}

void init();
