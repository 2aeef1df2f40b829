// Customer web chat page.
// Loads the UI strings and the staff hours shown in the header, keeps the chat session in
// localStorage, sends customer messages over the HTTP API (queued while offline, retried with the
// same clientMessageId), receives replies, typing and status updates over Server-Sent Events, and
// renders the conversation. The complaint step the API reports is for staff and is not shown.
// The session token only ever travels in the Authorization header: the live stream is opened with
// a one-use ticket, so no URL (which servers and proxies log) carries it. A session the server no
// longer accepts (expired after a time unused) is replaced by a new one, and the page says so.
// Messages are de-duplicated by server id, and the customer's own echo by clientMessageId.
// Server and user text is only ever inserted with textContent.

const API = '/api/webchat';
const STRINGS_URL = '/webchat/strings.json';
const SESSION_KEY = 'care.webchat.session';
const LANG_KEY = 'care.webchat.lang';
const LANGS = ['en', 'zh'];
const AUTHORS = ['customer', 'bot', 'staff', 'system'];
const STATUSES = ['bot', 'queued', 'human', 'closed'];
const MAX_CHARS = 2000;
const COUNTER_FROM = 1800;
const INPUT_MAX_HEIGHT_PX = 160;
const PINNED_THRESHOLD_PX = 80;
const REQUEST_TIMEOUT_MS = 20_000;
const TYPING_TIMEOUT_MS = 30_000;
const RECONNECT_MIN_MS = 2_000;
const RECONNECT_MAX_MS = 30_000;
/** While the stream is open, history is also checked this often: a safety net for a lost live event. */
const RESYNC_MS = 10_000;

// What "New conversation" warns about, by conversation status: in the queue or with a person there is more to lose.
const CONFIRM_NEW_TEXT = { bot: 'confirmNewText', queued: 'confirmNewQueued', human: 'confirmNewHuman', closed: 'confirmNewText' };

// String key shown under a customer message in each delivery state ("sent" shows nothing).
const STATE_LABELS = { queued: 'msgQueued', sending: 'msgSending', failed: 'msgFailed', rejected: 'msgFailed' };

const $ = (selector) => document.querySelector(selector);
const els = {
  app: $('#app'),
  lang: $('#lang'),
  hours: $('#hours'),
  newChat: $('#new-chat'),
  confirmNew: $('#confirm-new'),
  confirmNewText: $('#confirm-new-text'),
  status: $('#status'),
  statusText: $('#status-text'),
  conn: $('#conn'),
  scroller: $('#scroller'),
  nameForm: $('#name-form'),
  name: $('#name'),
  messages: $('#messages'),
  typing: $('#typing'),
  error: $('#error'),
  restart: $('#restart'),
  composer: $('#composer'),
  input: $('#input'),
  counter: $('#counter'),
  send: $('#send'),
};

const state = {
  strings: {},
  staffHours: null, // { opens, closes, days, timeZone } from GET /api/webchat/info, or null
  lang: 'en',
  chat: newChat(null),
  conversation: { status: 'bot' },
  connection: 'idle', // idle | connecting | open | reconnecting
  error: null, // { key, text? }
  events: null, // the live stream: { source: EventSource | null } while open or opening
  reconnectTimer: 0,
  reconnectDelay: RECONNECT_MIN_MS,
  typingTimer: 0,
  pinned: true, // whether the list is scrolled to the newest message
};

/** The conversation on screen. "New conversation" replaces it, so late async results can tell they are stale. */
function newChat(session) {
  return {
    session, // { sessionId, token } or null until the first message is sent
    sessionPromise: null,
    outbox: [], // customer messages not yet accepted by the server, oldest first
    flushing: false,
    renderedIds: new Set(),
    sentByClientId: new Map(), // clientMessageId -> message element, to match the server's echo
  };
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status; // 0 = network failure or timeout
  }
}

// ---------------------------------------------------------------- storage

function readStorage(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage disabled (e.g. private mode): the page still works, it just forgets on reload.
  }
}

function readSession() {
  try {
    const saved = JSON.parse(readStorage(SESSION_KEY));
    return saved?.sessionId && saved?.token ? { sessionId: saved.sessionId, token: saved.token } : null;
  } catch {
    return null;
  }
}

function writeSession(session) {
  writeStorage(SESSION_KEY, session && JSON.stringify(session));
}

// ---------------------------------------------------------------- strings and language

async function loadStrings() {
  try {
    const response = await fetch(STRINGS_URL, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    console.error('webchat: could not load UI strings', error);
    return {};
  }
}

/** When people answer; null (a general subtitle instead) when the server cannot be reached. */
async function loadStaffHours() {
  try {
    return (await api(`${API}/info`)).staffHours ?? null;
  } catch (error) {
    console.warn('webchat: could not load the staff hours', error);
    return null;
  }
}

function t(key, vars = {}) {
  const text = state.strings[state.lang]?.[key] ?? state.strings.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => String(vars[name] ?? match));
}

/** Gives an element a translatable text that is re-rendered when the language changes. */
function localize(el, key) {
  el.dataset.i18n = key;
  el.textContent = t(key);
  return el;
}

function pickLanguage() {
  const requested = [new URLSearchParams(location.search).get('lang'), readStorage(LANG_KEY)];
  const explicit = requested.find((lang) => LANGS.includes(lang));
  if (explicit) return explicit;
  return (navigator.language ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function htmlLang() {
  return state.lang === 'zh' ? 'zh-CN' : 'en';
}

function setLanguage(lang) {
  state.lang = lang;
  document.documentElement.lang = htmlLang();
  applyStrings();
}

function toggleLanguage() {
  const next = state.lang === 'zh' ? 'en' : 'zh';
  writeStorage(LANG_KEY, next);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
  }
  setLanguage(next);
}

function applyStrings() {
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of els.messages.querySelectorAll('.msg')) el.title = formatTime(el.dataset.time);
  renderHours();
  renderStatus();
  renderConnection();
  renderError();
  renderComposer();
}

/** The header line "Staff 9:00–21:00 (China time)", with the weekdays when staff do not work every day. */
function renderHours() {
  const hours = state.staffHours;
  if (!hours) {
    els.hours.textContent = t('subtitle');
    return;
  }
  const everyDay = hours.days.length === 7;
  const aroundTheClock = hours.opens === '00:00' && hours.closes === '24:00';
  const key = everyDay ? (aroundTheClock ? 'hoursAroundTheClock' : 'hours') : 'hoursOnDays';
  const span = `${hours.opens.replace(/^0/, '')}–${hours.closes.replace(/^0/, '')}`;
  els.hours.textContent = t(key, { hours: span, days: formatWeekdays(hours.days), zone: zoneName(hours.timeZone) });
}

/** ISO weekdays as runs in the page's language: [1,2,3,4,5,7] → "Mon–Fri and Sun" / "周一–周五和周日". */
function formatWeekdays(days) {
  // 2024-01-01 was a Monday, so ISO weekday d is 2024-01-0d.
  const name = (day) => new Date(Date.UTC(2024, 0, day)).toLocaleDateString(htmlLang(), { weekday: 'short', timeZone: 'UTC' });
  const runs = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && day === run[1] + 1) run[1] = day;
    else runs.push([day, day]);
  }
  const labels = runs.map(([from, to]) => (from === to ? name(from) : `${name(from)}–${name(to)}`));
  return new Intl.ListFormat(htmlLang(), { type: 'conjunction' }).format(labels);
}

/** The zone's name from the UI strings ("China time"), else the browser's name for it. */
function zoneName(timeZone) {
  const own = state.strings[state.lang]?.[`zone.${timeZone}`];
  if (own) return own;
  try {
    const parts = new Intl.DateTimeFormat(htmlLang(), { timeZone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone; // a zone this browser does not know
  }
}

function formatTime(iso) {
  return new Date(iso).toLocaleString(htmlLang(), { dateStyle: 'medium', timeStyle: 'short' });
}

// ---------------------------------------------------------------- HTTP API

async function api(path, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method: body ? 'POST' : 'GET',
      headers,
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, '');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const message = data?.error?.message;
    throw new ApiError(response.status, typeof message === 'string' ? message : '');
  }
  return data ?? {};
}

function isRetryable(error) {
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

// ---------------------------------------------------------------- session

function ensureSession(chat) {
  if (chat.session) return Promise.resolve(chat.session);
  chat.sessionPromise ??= createSession(chat).finally(() => {
    chat.sessionPromise = null;
  });
  return chat.sessionPromise;
}

async function createSession(chat) {
  const name = els.name.value.trim();
  const created = await api(`${API}/sessions`, { body: { locale: state.lang, ...(name && { name }) } });
  const session = { sessionId: created.sessionId, token: created.token };
  if (chat === state.chat) {
    chat.session = session;
    writeSession(session);
    // The live stream is opened once the first message is delivered (see deliver): the server opens
    // the conversation on the first request that needs one, and an events request racing the first
    // message could otherwise leave the stream on a different conversation than the messages.
    refreshList();
  }
  return session;
}

/**
 * The server no longer accepts this token (401: expired after a time unused, or unknown): forget
 * it; the next send creates a new session. The old messages stay on screen until the customer
 * chooses "Start a new conversation" beside the notice.
 */
function expireSession(chat, session) {
  if (chat.session !== session) return;
  chat.session = null;
  writeSession(null);
  closeEvents();
  setConnection('idle');
  showError('errorSessionExpired');
  refreshList();
}

/** "New conversation" asks first (an in-page dialog) whenever there is a conversation to leave. */
function onNewChatClick() {
  if (!state.chat.session && els.messages.childElementCount === 0) {
    startNewConversation();
    return;
  }
  els.confirmNew.returnValue = '';
  els.confirmNew.showModal();
}

function startNewConversation() {
  closeEvents();
  writeSession(null);
  state.chat = newChat(null);
  els.messages.replaceChildren();
  setTyping();
  clearError();
  setConnection('idle');
  applyConversation({ status: 'bot' });
  refreshList();
  els.input.focus();
}

// ---------------------------------------------------------------- live events (SSE)

/** Opens the live stream: asks for a one-use ticket with the token, then connects with the ticket. */
function connectEvents() {
  closeEvents();
  const chat = state.chat;
  const stream = { source: null };
  state.events = stream;
  setConnection('connecting');
  openStream(chat, chat.session, stream);
}

async function openStream(chat, session, stream) {
  let ticket;
  try {
    ({ ticket } = await api(`${API}/events/ticket`, { token: session.token, body: {} }));
  } catch (error) {
    if (stream !== state.events) return;
    if (error.status === 401) sessionRejected(chat, session);
    else scheduleReconnect(stream);
    return;
  }
  if (stream !== state.events) return;
  const source = new EventSource(`${API}/events?ticket=${encodeURIComponent(ticket)}`);
  stream.source = source;
  source.addEventListener('open', () => onEventsOpen(stream));
  source.addEventListener('error', () => onEventsError(stream));
  source.addEventListener('message', (event) => withData(event, (message) => followBottom(() => renderMessage(message))));
  source.addEventListener('typing', (event) => withData(event, setTyping));
  source.addEventListener('draft', (event) => withData(event, (draft) => followBottom(() => renderDraft(draft))));
  source.addEventListener('status', (event) => withData(event, applyConversation));
}

function closeEvents() {
  clearTimeout(state.reconnectTimer);
  clearInterval(state.resyncTimer);
  state.events?.source?.close();
  state.events = null;
}

function withData(event, handle) {
  let data;
  try {
    data = JSON.parse(event.data);
  } catch {
    return;
  }
  handle(data);
}

function onEventsOpen(stream) {
  if (stream !== state.events) return;
  state.reconnectDelay = RECONNECT_MIN_MS;
  setConnection('open');
  syncHistory(); // fills anything missed while the stream was down
  clearInterval(state.resyncTimer);
  state.resyncTimer = setInterval(() => {
    if (stream === state.events && document.visibilityState === 'visible') syncHistory();
  }, RESYNC_MS);
}

function onEventsError(stream) {
  if (stream !== state.events) return;
  setTyping();
  setConnection('reconnecting');
  // The browser's own retry would reuse the spent ticket; reconnect with a fresh one instead.
  stream.source.close();
  scheduleReconnect(stream);
}

function scheduleReconnect(stream) {
  setConnection('reconnecting');
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = setTimeout(() => reconnectEvents(stream), state.reconnectDelay);
  state.reconnectDelay = Math.min(state.reconnectDelay * 2, RECONNECT_MAX_MS);
}

async function reconnectEvents(stream) {
  await syncHistory(); // also finds out whether the session expired
  if (stream === state.events && state.chat.session) connectEvents();
}

function resumeEvents() {
  const closed = !state.events || state.events.source?.readyState === EventSource.CLOSED;
  if (state.chat.session && closed) connectEvents();
}

/** The token was refused (401): a new session takes its place, ready for the next message. */
function sessionRejected(chat, session) {
  if (chat !== state.chat) return;
  expireSession(chat, session);
  ensureSession(chat).catch(() => {}); // if this fails, the next send tries again
}

async function syncHistory() {
  const chat = state.chat;
  const session = chat.session;
  if (!session) return;
  try {
    const data = await api(`${API}/history`, { token: session.token });
    if (chat !== state.chat) return;
    followBottom(() => {
      for (const message of data.messages ?? []) renderMessage(message);
    });
    applyConversation(data.conversation);
  } catch (error) {
    if (error.status === 401) sessionRejected(chat, session);
    // Other failures: the live stream and the next reconnect catch up.
  }
}

// ---------------------------------------------------------------- sending

/** Shows a customer message at once and queues it for delivery. Returns false if it was not accepted. */
function sendText(raw) {
  const text = raw.trim();
  if (!text) return false;
  if (text.length > MAX_CHARS) {
    showError('errorTooLong');
    return false;
  }
  clearError();
  const chat = state.chat;
  const item = { clientMessageId: newId(), text, renewed: false };
  item.el = buildMessage('customer', text);
  item.el.dataset.id = '';
  item.el.dataset.clientId = item.clientMessageId;
  chat.sentByClientId.set(item.clientMessageId, item.el);
  setMessageState(item.el, 'queued');
  els.messages.append(item.el);
  refreshList();
  scrollToBottom();
  chat.outbox.push(item);
  flushOutbox(chat);
  return true;
}

/** Delivers queued messages one at a time, in order; stops at a message that needs a retry. */
async function flushOutbox(chat) {
  if (chat.flushing) return;
  chat.flushing = true;
  while (chat === state.chat && chat.outbox.length && navigator.onLine) {
    const outcome = await deliver(chat, chat.outbox[0]);
    if (outcome === 'blocked') break;
    chat.outbox.shift();
  }
  chat.flushing = false;
}

async function deliver(chat, item) {
  setMessageState(item.el, 'sending');
  let session;
  try {
    session = await ensureSession(chat);
    const data = await api(`${API}/messages`, {
      token: session.token,
      body: { text: item.text, clientMessageId: item.clientMessageId },
    });
    if (chat !== state.chat) return 'blocked';
    if (!state.events) connectEvents(); // first message of a new session; syncs history (our echo) on open
    setMessageState(item.el, 'sent');
    clearError('errorNetwork', 'errorGeneric'); // a retry went through
    followBottom(() => {
      for (const reply of data.replies ?? []) renderMessage({ author: 'bot', ...reply });
    });
    applyConversation(data.conversation);
    // The live stream normally echoes our message with its server id; if it has not (yet), e.g. an
    // event lost while the stream was (re)connecting, fetch it so the list matches the server.
    if (!item.el.dataset.id && state.connection !== 'connecting') syncHistory();
    return 'sent';
  } catch (error) {
    return chat === state.chat ? handleDeliveryError(chat, item, session, error) : 'blocked';
  }
}

function handleDeliveryError(chat, item, session, error) {
  if (item.el.dataset.id) {
    // The server already echoed this message over SSE, so it did arrive.
    setMessageState(item.el, 'sent');
    return 'sent';
  }
  if (error.status === 401 && !item.renewed) {
    item.renewed = true;
    expireSession(chat, session);
    return deliver(chat, item);
  }
  const errorKey = error.status === 429 ? 'errorBusy' : error.status ? 'errorGeneric' : 'errorNetwork';
  // Too many requests from this network: said in the page's language rather than the server's English.
  const errorText = error.status === 429 ? '' : error.message;
  if (isRetryable(error)) {
    // Keep it at the head of the queue; a retry reuses its clientMessageId so the server can dedupe.
    setMessageState(item.el, navigator.onLine ? 'failed' : 'queued');
    if (navigator.onLine) showError(errorKey, errorText);
    return 'blocked';
  }
  setMessageState(item.el, 'rejected');
  showError(errorKey, error.message);
  refreshList();
  return 'rejected';
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID only exists in secure contexts (https, localhost); build a v4 UUID by hand otherwise.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------- rendering messages

/** Renders a server message (from the POST response, SSE or history) unless it is already shown. */
function renderMessage(message) {
  if (message?.id == null) return;
  const chat = state.chat;
  const id = String(message.id);
  if (chat.renderedIds.has(id)) return;
  chat.renderedIds.add(id);
  const author = AUTHORS.includes(message.author) ? message.author : 'system';
  if (author === 'customer' && confirmEcho(id, message)) return;
  const el = buildMessage(author, String(message.text ?? ''), message.createdAt);
  el.dataset.id = id;
  if (Array.isArray(message.choices) && message.choices.length) el.append(buildChoices(message.choices));
  if (author === 'bot') removeDraft();
  insertByTime(el);
  if (!els.typing.hidden && els.typing.dataset.author === author) setTyping();
  refreshList();
}

/** LLM mode streams a long reply as it is written: one growing bubble, replaced by the real message. */
function renderDraft({ text }) {
  if (typeof text !== 'string' || !text) return;
  // A draft event can arrive after the reply it grew into (events travel separately): drop it.
  const replies = els.messages.querySelectorAll('.msg[data-author="bot"]:not([data-draft]) .bubble');
  if ([...replies].slice(-3).some((bubble) => bubble.textContent.startsWith(text))) return;
  let draft = els.messages.querySelector('.msg[data-draft]');
  if (!draft) {
    draft = buildMessage('bot', '', new Date().toISOString());
    draft.dataset.draft = 'true';
    draft.setAttribute('aria-busy', 'true');
    els.messages.append(draft);
  }
  draft.querySelector('.bubble').textContent = text;
  setTyping();
}

function removeDraft() {
  els.messages.querySelector('.msg[data-draft]')?.remove();
}

/** Matches the server's echo of a message this page sent; returns false if it is not one of ours. */
function confirmEcho(id, message) {
  const el = message.clientMessageId && state.chat.sentByClientId.get(message.clientMessageId);
  if (!el) return false;
  el.dataset.id = id;
  setTime(el, message.createdAt);
  setMessageState(el, 'sent');
  return true;
}

function buildMessage(author, text, createdAt) {
  const el = document.createElement('div');
  el.className = 'msg';
  el.dataset.author = author;
  const label = localize(document.createElement('span'), `author.${author}`);
  label.className = 'msg-author';
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.textContent = text;
  el.append(label, bubble);
  setTime(el, createdAt);
  return el;
}

/** Server time when known; otherwise local time, flagged so it is not used for ordering. */
function setTime(el, createdAt) {
  const known = typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt));
  el.dataset.time = known ? createdAt : new Date().toISOString();
  el.toggleAttribute('data-local-time', !known);
  el.title = formatTime(el.dataset.time);
}

function buildChoices(choices) {
  const row = document.createElement('div');
  row.className = 'choices';
  row.setAttribute('role', 'group');
  row.dataset.i18nLabel = 'choicesLabel';
  row.setAttribute('aria-label', t('choicesLabel'));
  for (const choice of choices) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'choice';
    button.textContent = String(choice);
    row.append(button);
  }
  return row;
}

/**
 * Appends a message, or slots it in by server time when it fills a gap (history after a
 * reconnect). Never moves it above a message whose time is only a local estimate.
 */
function insertByTime(el) {
  let before = null;
  if (!el.hasAttribute('data-local-time')) {
    const time = Date.parse(el.dataset.time);
    for (let node = els.messages.lastElementChild; node; node = node.previousElementSibling) {
      if (node.hasAttribute('data-local-time') || !(Date.parse(node.dataset.time) > time)) break;
      before = node;
    }
  }
  els.messages.insertBefore(el, before);
}

function setMessageState(el, deliveryState) {
  el.dataset.state = deliveryState;
  el.querySelector('.msg-meta')?.remove();
  const key = STATE_LABELS[deliveryState];
  if (!key) return;
  const meta = document.createElement('div');
  meta.className = 'msg-meta';
  meta.append(localize(document.createElement('span'), key));
  if (deliveryState === 'failed') {
    const retry = localize(document.createElement('button'), 'retry');
    retry.type = 'button';
    retry.className = 'retry';
    meta.append(retry);
  }
  el.append(meta);
}

/**
 * Only the choices of the latest bot/staff message that offers some, and that the customer
 * has not answered yet, stay clickable. Also hides the name prompt once the chat has begun.
 */
function refreshList() {
  let active = null;
  for (const msg of els.messages.children) {
    if (msg.dataset.author === 'customer') {
      if (msg.dataset.state !== 'rejected') active = null;
    } else {
      active = msg.querySelector('.choices') ?? active;
    }
  }
  for (const button of els.messages.querySelectorAll('.choice')) button.disabled = button.parentElement !== active;
  els.nameForm.hidden = Boolean(state.chat.session) || els.messages.childElementCount > 0;
}

// ---------------------------------------------------------------- typing, status, connection, errors

function setTyping({ on = false, author = 'bot' } = {}) {
  clearTimeout(state.typingTimer);
  if (!on) {
    els.typing.hidden = true;
    return;
  }
  followBottom(() => {
    els.typing.dataset.author = author === 'staff' ? 'staff' : 'bot';
    els.typing.hidden = false;
  });
  state.typingTimer = setTimeout(setTyping, TYPING_TIMEOUT_MS); // never leave the dots spinning
}

function applyConversation(conversation) {
  if (!STATUSES.includes(conversation?.status)) return;
  // The complaint step (conversation.step) is for staff; customers are not shown it.
  state.conversation = { status: conversation.status };
  renderStatus();
}

function renderStatus() {
  const { status } = state.conversation;
  els.status.dataset.status = status;
  els.app.dataset.status = status;
  els.statusText.textContent = t(`status.${status}`);
  localize(els.confirmNewText, CONFIRM_NEW_TEXT[status]);
}

function setConnection(connection) {
  state.connection = connection;
  renderConnection();
}

function renderConnection() {
  const shown = navigator.onLine ? state.connection : 'offline';
  const visible = ['connecting', 'reconnecting', 'offline'].includes(shown);
  els.conn.hidden = !visible;
  els.conn.dataset.state = shown;
  els.conn.textContent = visible ? t(shown) : '';
}

/** Shows an error near the input: the server's own message when it gave one, else the string `key`. */
function showError(key, text = '') {
  state.error = { key, text };
  renderError();
}

/** Clears the error; when keys are given, only an error shown with one of them. */
function clearError(...keys) {
  if (keys.length && !keys.includes(state.error?.key)) return;
  state.error = null;
  renderError();
}

function renderError() {
  const { key, text } = state.error ?? {};
  els.error.textContent = text || (key ? t(key, { max: MAX_CHARS }) : '');
  // After an expired session: a visible way to clear the old conversation and start afresh.
  els.restart.hidden = key !== 'errorSessionExpired';
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

/** Runs a DOM update and keeps the newest message in view, unless the reader has scrolled up. */
function followBottom(update) {
  update();
  if (state.pinned) scrollToBottom();
}

// ---------------------------------------------------------------- composer

function renderComposer() {
  const length = els.input.value.trim().length;
  const tooLong = length > MAX_CHARS;
  els.send.disabled = length === 0 || tooLong;
  els.counter.hidden = length < COUNTER_FROM;
  els.counter.textContent = t('counter', { count: length, max: MAX_CHARS });
  els.counter.classList.toggle('is-over', tooLong);
  if (tooLong) showError('errorTooLong');
  else clearError('errorTooLong');
}

function autosizeInput() {
  els.input.style.height = 'auto';
  els.input.style.height = `${Math.min(els.input.scrollHeight, INPUT_MAX_HEIGHT_PX)}px`;
}

function submitComposer() {
  if (els.send.disabled || !sendText(els.input.value)) return;
  els.input.value = '';
  autosizeInput();
  renderComposer();
}

function onInputKeydown(event) {
  // Enter sends, Shift+Enter is a newline; never send while an IME (e.g. pinyin) is composing.
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  submitComposer();
}

function onMessagesClick(event) {
  const choice = event.target.closest('.choice');
  if (choice && !choice.disabled) {
    choice.classList.add('is-picked');
    sendText(choice.textContent);
  } else if (event.target.closest('.retry')) {
    flushOutbox(state.chat);
  }
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
    renderComposer();
  });
  els.scroller.addEventListener('scroll', () => {
    state.pinned = isNearBottom();
  });
  new ResizeObserver(() => state.pinned && scrollToBottom()).observe(els.scroller);
  window.addEventListener('online', () => {
    renderConnection();
    resumeEvents();
    flushOutbox(state.chat);
  });
  window.addEventListener('offline', renderConnection);
}

async function init() {
  [state.strings, state.staffHours] = await Promise.all([loadStrings(), loadStaffHours()]);
  bindEvents();
  setLanguage(pickLanguage());
  const saved = readSession();
  if (saved) {
    state.chat.session = saved;
    connectEvents();
    syncHistory(); // now, rather than waiting for the stream to open
  }
  refreshList();
  els.app.removeAttribute('aria-busy');
}

init();
