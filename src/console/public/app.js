// The staff console: sign in, watch the queue live, open a conversation, take it over, reply, hand
// back or close, and edit the customer's card. Talks only to /api/staff (session cookie + CSRF
// token) and follows every conversation over one Server-Sent Events stream.
/* global document, window, localStorage, sessionStorage, navigator, fetch, EventSource, performance, setTimeout, clearTimeout, setInterval, URLSearchParams */

import { $, el, present } from './dom.js';
import { CSRF_KEY, LANG_KEY, STATUSES, state } from './console-state.js';
import { channelLabel, duration, formatTime, languageLabel, reasonLabel, t } from './wording.js';
import { api, ApiError, onSessionLost } from './api.js';
import { noticeNewEscalations, toast, unlockAlerts } from './alerts.js';
import { renderPrivacyActions } from './privacy-panel.js';
import { setUpPasswordChange, showPasswordButton } from './password.js';
import { onCrisisEvent, refreshCrisisBanner } from './crisis-banner.js';
import { onSlaBreach, slaBadge, tickSla } from './sla-timers.js';

// ------------------------------------------------------------------ wording

function applyStrings() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  $('#reply-input').placeholder = t('replyPlaceholder');
  $('#live-text').textContent = $('#live').dataset.state === 'on' ? t('live') : t('reconnecting');
  $('#note-input').placeholder = t('notePlaceholder');
  if (state.me) $('#whoami').textContent = t('signedInAs', { name: state.me.name, role: t(`role.${state.me.role}`) });
  renderPresence();
}

// ------------------------------------------------------------------ sign-in

function showLogin(message = '') {
  $('#login-view').hidden = false;
  $('#work-view').hidden = true;
  $('#logout').hidden = true;
  showPasswordButton(false);
  $('#whoami').hidden = true;
  $('#live').hidden = true;
  $('#online-toggle').hidden = true;
  $('#staff-toggle').hidden = true;
  $('#audit-link').hidden = true;
  $('#insights-link').hidden = true;
  $('#webhooks-link').hidden = true;
  $('#staff-view').hidden = true;
  $('#crisis-banner').hidden = true;
  $('#login-error').textContent = message;
  $('#login-email').focus();
}

function signedOut(message) {
  state.me = null;
  state.csrf = '';
  sessionStorage.removeItem(CSRF_KEY);
  state.events?.close();
  state.events = null;
  closeConversation();
  showLogin(message);
}

async function signIn(event) {
  event.preventDefault();
  const email = $('#login-email').value.trim();
  const password = $('#login-password').value;
  const submit = $('#login-submit');
  $('#login-error').textContent = '';
  submit.disabled = true;
  submit.textContent = t('signingIn');
  try {
    const result = await api('POST', '/api/staff/login', { email, password });
    state.csrf = result.csrfToken;
    sessionStorage.setItem(CSRF_KEY, state.csrf);
    $('#login-password').value = '';
    await enterWorkspace(result.staff);
  } catch (error) {
    $('#login-error').textContent = error.message;
    $('#login-password').select();
  } finally {
    submit.disabled = false;
    submit.textContent = t('signIn');
  }
}

async function signOut() {
  try {
    await api('POST', '/api/staff/logout');
  } catch {
    // Signed out locally either way.
  }
  signedOut('');
}

async function enterWorkspace(staff) {
  state.me = staff;
  $('#login-view').hidden = true;
  $('#work-view').hidden = false;
  $('#logout').hidden = false;
  showPasswordButton(true);
  $('#whoami').hidden = false;
  $('#live').hidden = false;
  $('#online-toggle').hidden = false;
  $('#staff-toggle').hidden = staff.role !== 'admin';
  $('#audit-link').hidden = staff.role !== 'admin';
  $('#insights-link').hidden = staff.role === 'agent';
  $('#webhooks-link').hidden = staff.role !== 'admin';
  showStaffView(false);
  applyStrings();
  await Promise.all([loadCanned(), refreshQueues(), loadColleagues(), refreshCrisisBanner()]);
  connectEvents();
}

async function loadColleagues() {
  try {
    state.colleagues = (await api('GET', '/api/staff/colleagues')).colleagues;
  } catch {
    state.colleagues = [];
  }
}

function colleagueName(id) {
  return state.colleagues.find((c) => c.id === id)?.name ?? id;
}

/** Options for picking a colleague; `presence` adds who is online (for assigning work now). */
function colleagueOptions(selectedId, { presence = false } = {}) {
  return state.colleagues.map((c) => el('option', { value: c.id, text: presence && c.online ? t('colleagueOnline', { name: c.name }) : c.name, selected: c.id === selectedId }));
}

// ------------------------------------------------------------------ live events

function setLive(on) {
  $('#live').dataset.state = on ? 'on' : 'off';
  $('#live-text').textContent = on ? t('live') : t('reconnecting');
}

function connectEvents() {
  state.events?.close();
  const source = new EventSource('/api/staff/events');
  state.events = source;
  source.addEventListener('ready', () => {
    setLive(true);
    // Anything that changed while the stream was down is fetched once it is back.
    void refreshQueues();
    void refreshCrisisBanner();
    if (state.openId) void loadConversation(state.openId, { keepScroll: true });
  });
  source.addEventListener('queue', () => scheduleRefresh());
  source.addEventListener('crisis', (event) => onCrisisEvent(JSON.parse(event.data)));
  source.addEventListener('sla', (event) => {
    onSlaBreach(JSON.parse(event.data));
    scheduleRefresh();
  });
  source.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.conversationId === state.openId) appendMessage(message, true);
  });
  source.addEventListener('typing', (event) => {
    const typing = JSON.parse(event.data);
    if (typing.conversationId === state.openId) showTyping(typing.on ? typing.author : null);
  });
  source.addEventListener('status', (event) => {
    const status = JSON.parse(event.data);
    if (status.conversationId === state.openId) void loadConversation(state.openId, { keepScroll: true });
  });
  source.addEventListener('error', () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED) {
      // Closed for good (401 or the server went away): find out which, then reconnect.
      setTimeout(() => {
        if (state.events !== source) return;
        api('GET', '/api/staff/me').then(() => connectEvents(), () => undefined);
      }, 2000);
    }
  });
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => void refreshQueues(), 120);
}

// ------------------------------------------------------------------ queue

async function refreshQueues() {
  if (!state.me) return;
  try {
    const wanted = state.tab === 'queued' ? ['queued'] : ['queued', state.tab];
    const results = await Promise.all(wanted.map((status) => api('GET', `/api/staff/conversations?status=${status}`)));
    state.fetchedAt = performance.now();
    wanted.forEach((status, i) => (state.lists[status] = results[i].conversations));
    noticeNewEscalations(state.lists.queued, (id) => void openConversation(id));
    renderQueue();
  } catch (error) {
    if (error.status !== 401) toast(t('errorGeneric', { message: error.message }));
  }
}

function sortQueue(items) {
  return [...items].sort((a, b) => b.priority - a.priority || (b.waitingSeconds ?? 0) - (a.waitingSeconds ?? 0));
}

function renderQueue() {
  const list = $('#queue');
  const items = state.tab === 'queued' ? sortQueue(state.lists.queued) : state.lists[state.tab];
  $('#count-queued').textContent = state.lists.queued.length ? String(state.lists.queued.length) : '';
  list.replaceChildren(...items.map(queueRow));
  const empty = $('#queue-empty');
  empty.hidden = items.length > 0;
  empty.textContent = t(`queueEmpty.${state.tab}`);
  tickWaiting();
}

function queueRow(item) {
  const name = item.customer.name || t('anonymous');
  const tier = el('span', { class: `badge tier tier-${item.customer.tier}`, title: t('tierBadge', { tier: item.customer.tier }), text: item.customer.tier });
  const key = item.customer.isKey ? el('span', { class: 'badge key', title: t('keyCustomer'), 'aria-label': t('keyCustomer'), text: '★' }) : null;
  const headline = item.status === 'queued' ? reasonLabel(item.queueReason) : item.assignedStaff ? t('heldBy', { name: item.assignedStaff.name }) : t(`status.${item.status}`);
  const waiting = el('span', { class: 'waiting', 'data-waiting': item.waitingSeconds ?? '' });
  const button = el(
    'button',
    { type: 'button', class: 'queue-open', 'aria-current': item.id === state.openId ? 'true' : null },
    el('span', { class: 'row-top' }, el('span', { class: 'cust' }, name), tier, key),
    el('span', { class: `reason prio-${priorityBand(item.priority)}` }, headline),
    el(
      'span',
      { class: 'row-meta' },
      el('span', { class: 'chip' }, channelLabel(item.channel)),
      el('span', { class: 'chip' }, languageLabel(item.language)),
      item.status === 'queued' ? el('span', { class: 'chip prio', title: t('priority', { priority: item.priority }) }, `P${item.priority}`) : null,
      // Routing gave it to someone who has not taken it over yet.
      item.status === 'queued' && item.assignedStaff
        ? el('span', { class: `chip assignee${item.assignedStaff.id === state.me?.id ? ' is-mine' : ''}` }, t('assignedTo', { name: item.assignedStaff.name }))
        : null,
      slaBadge(item.sla),
      item.waitingSeconds !== null && item.status === 'queued' ? waiting : el('span', { class: 'waiting' }, formatTime(item.lastMessageAt)),
    ),
  );
  button.addEventListener('click', () => void openConversation(item.id));
  return el('li', { class: `queue-item${item.id === state.openId ? ' is-open' : ''}${item.customer.tier === 'A' ? ' is-a' : ''}`, 'data-conversation-id': item.id, 'data-status': item.status }, button);
}

function priorityBand(priority) {
  if (priority >= 90) return 'high';
  if (priority >= 60) return 'mid';
  return 'low';
}

function tickWaiting() {
  const elapsed = (performance.now() - state.fetchedAt) / 1000;
  for (const node of document.querySelectorAll('#queue [data-waiting]')) {
    if (node.dataset.waiting === '') continue;
    node.textContent = t('waiting', { time: duration(Number(node.dataset.waiting) + elapsed) });
  }
  tickSla(elapsed);
}

function selectTab(status) {
  state.tab = status;
  for (const tab of document.querySelectorAll('.tab')) {
    const selected = tab.dataset.status === status;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  renderQueue();
  void refreshQueues();
}

function onTabKey(event) {
  const index = STATUSES.indexOf(state.tab);
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  event.preventDefault();
  const next = STATUSES[(index + step + STATUSES.length) % STATUSES.length];
  selectTab(next);
  document.querySelector(`.tab[data-status="${next}"]`).focus();
}

// ------------------------------------------------------------------ one conversation

async function openConversation(id) {
  if (state.openId !== id) {
    state.openId = id;
    state.detail = null;
    state.messageIds = new Set();
    $('#transcript').replaceChildren();
    $('#reply-input').value = '';
    $('#reply-error').textContent = '';
    $('#profile-error').textContent = '';
    $('#holder').hidden = true;
    resetCaseWork();
  }
  document.body.classList.add('has-open');
  $('#conv-placeholder').hidden = true;
  $('#conv-body').hidden = false;
  $('#details').hidden = false;
  for (const row of document.querySelectorAll('.queue-item')) row.classList.toggle('is-open', row.dataset.conversationId === id);
  // Who is online changes all day; the assign picker shows it as of opening.
  await Promise.all([loadConversation(id, { keepScroll: false }), loadColleagues()]);
  if (state.detail && state.openId === id) renderHeader();
}

function closeConversation() {
  state.openId = null;
  state.detail = null;
  document.body.classList.remove('has-open');
  $('#conv-placeholder').hidden = false;
  $('#conv-body').hidden = true;
  $('#details').hidden = true;
}

async function loadConversation(id, { keepScroll }) {
  let detail;
  try {
    detail = await api('GET', `/api/staff/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status !== 401) toast(t('errorGeneric', { message: error.message }));
    return;
  }
  if (state.openId !== id) return;
  const firstLoad = !state.detail;
  state.detail = detail;
  renderHeader();
  for (const message of detail.transcript) appendMessage(message, keepScroll || !firstLoad);
  if (firstLoad) scrollTranscript(true);
  renderHandoff();
  if (firstLoad || !$('#profile-form').contains(document.activeElement)) fillProfile(detail.profile);
  renderProfileHistory(detail.profileHistory ?? []);
  renderCases(detail.openCases);
  renderCasePicker(detail.openCases);
  renderNotes(detail.notes ?? []);
  renderContacts(detail.contacts);
}

function holdsIt() {
  const conversation = state.detail?.conversation;
  return conversation?.status === 'human' && conversation.assignedStaff?.id === state.me?.id;
}

/** LLM mode's cost of this conversation: calls, tokens, dollars. */
function llmUsageLabel({ calls, promptTokens, completionTokens, costUsd }) {
  const tokens = new Intl.NumberFormat(state.lang === 'zh' ? 'zh-CN' : 'en-US').format(promptTokens + completionTokens);
  const cost = costUsd > 0 ? ` · $${costUsd < 0.01 ? costUsd.toFixed(4) : costUsd.toFixed(2)}` : '';
  return t('llmUsage', { calls, tokens, cost });
}

function renderHeader() {
  const { conversation, profile } = state.detail;
  $('#conv-title').textContent = profile.name || t('anonymous');
  const meta = $('#conv-meta');
  meta.replaceChildren(
    ...present([
    el('span', { class: `badge tier tier-${profile.tier}`, title: t('tierBadge', { tier: profile.tier }), text: profile.tier }),
    profile.isKey ? el('span', { class: 'badge key', text: `★ ${t('keyCustomer')}` }) : null,
    el('span', { class: 'chip' }, channelLabel(conversation.channel)),
    el('span', { class: 'chip' }, languageLabel(conversation.language)),
    conversation.queueReason ? el('span', { class: `chip reason-chip prio-${priorityBand(conversation.priority)}` }, reasonLabel(conversation.queueReason)) : null,
    state.detail.llm?.calls ? el('span', { class: 'chip llm-usage', title: t('llmUsageTitle') }, llmUsageLabel(state.detail.llm)) : null,
    ]),
  );
  const status = $('#status');
  status.dataset.status = conversation.status;
  status.textContent = t(`status.${conversation.status}`);

  const mine = holdsIt();
  const closed = conversation.status === 'closed';
  const holder = conversation.status === 'human' ? conversation.assignedStaff : null;
  $('#takeover').hidden = mine;
  $('#takeover').disabled = closed;
  $('#handback').disabled = closed || conversation.status === 'bot';
  $('#close').disabled = closed;
  const holderNote = $('#holder');
  if (mine) {
    holderNote.hidden = false;
    holderNote.className = 'holder is-mine';
    holderNote.textContent = t('youHold');
  } else if (holder) {
    holderNote.hidden = false;
    holderNote.className = 'holder';
    holderNote.textContent = t('takenBy', { name: holder.name });
  } else if (conversation.status === 'queued' && conversation.assignedStaff) {
    // Routed (or assigned by a supervisor) and waiting for that person to take it over.
    const forMe = conversation.assignedStaff.id === state.me?.id;
    holderNote.hidden = false;
    holderNote.className = `holder${forMe ? ' is-mine' : ''}`;
    holderNote.textContent = forMe ? t('assignedToYou') : t('assignedWaiting', { name: conversation.assignedStaff.name });
  } else {
    holderNote.hidden = true;
  }
  // Supervisors give a conversation to someone else (a held one moves with its hold).
  const assign = $('#assign-wrap');
  assign.hidden = closed || !['supervisor', 'admin'].includes(state.me?.role ?? '');
  if (!assign.hidden && !$('#assign-wrap').contains(document.activeElement)) $('#assign-select').replaceChildren(...colleagueOptions(conversation.assignedStaff?.id, { presence: true }));
  const input = $('#reply-input');
  input.disabled = !mine;
  $('#reply-send').disabled = !mine;
  $('#canned').disabled = !mine;
  input.placeholder = mine ? t('replyPlaceholder') : t('replyDisabled');
}

function renderHandoff() {
  const handoff = state.detail.handoff;
  $('#handoff').hidden = !handoff;
  if (!handoff) return;
  $('#handoff-text').replaceChildren(el('strong', {}, `${reasonLabel(handoff.reason)} · P${handoff.priority}`));
  // The bot writes its summary in both languages; older escalations have it in English only.
  $('#handoff-summary').textContent = handoff.summaries?.[state.lang] ?? handoff.summary;
}

function appendMessage(message, follow) {
  if (state.messageIds.has(message.id)) return;
  state.messageIds.add(message.id);
  const transcript = $('#transcript');
  const nearBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
  const node = el(
    'div',
    { class: `msg msg-${message.author}`, 'data-author': message.author, 'data-id': String(message.id) },
    el(
      'div',
      { class: 'msg-head' },
      el('span', { class: 'msg-author' }, t(`author.${message.author}`)),
      message.channel && message.channel !== state.detail?.conversation.channel ? el('span', { class: 'chip small' }, channelLabel(message.channel)) : null,
      el('time', { class: 'msg-time', datetime: message.createdAt }, formatTime(message.createdAt)),
    ),
    el('div', { class: 'bubble' }, message.text),
    message.choices?.length ? el('div', { class: 'choices' }, ...message.choices.map((choice) => el('span', { class: 'chip' }, choice))) : null,
  );
  // Keep the transcript in id order even when a live event overtakes the history fetch.
  const later = [...transcript.children].find((child) => Number(child.dataset.id) > message.id);
  transcript.insertBefore(node, later ?? null);
  if (message.author !== 'bot') showTyping(null);
  if (follow && nearBottom) scrollTranscript(false);
}

function scrollTranscript(instant) {
  const transcript = $('#transcript');
  const calm = instant || window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  transcript.scrollTo({ top: transcript.scrollHeight, behavior: calm ? 'instant' : 'smooth' });
}

function showTyping(author) {
  clearTimeout(state.typingTimer);
  const node = $('#typing');
  node.hidden = !author;
  if (!author) return;
  node.textContent = author === 'bot' ? t('typingBot') : t('typingStaff');
  state.typingTimer = setTimeout(() => (node.hidden = true), 10_000);
}

async function act(action) {
  const id = state.openId;
  if (!id) return;
  if (action === 'close' && !window.confirm(t('closeConfirm'))) return;
  const button = $(`#${action === 'handback' ? 'handback' : action}`);
  button.disabled = true;
  $('#reply-error').textContent = '';
  try {
    await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/${action}`);
    await loadConversation(id, { keepScroll: true });
    if (action === 'takeover') $('#reply-input').focus();
  } catch (error) {
    if (error.status === 401) return;
    await loadConversation(id, { keepScroll: true });
    const holder = state.detail?.conversation.status === 'human' ? state.detail.conversation.assignedStaff : null;
    $('#reply-error').textContent = error.status === 409 && holder && holder.id !== state.me.id ? t('takenBy', { name: holder.name }) : error.message;
    const note = $('#holder');
    if (error.status === 409 && holder && holder.id !== state.me.id) {
      note.hidden = false;
      note.textContent = t('takenBy', { name: holder.name });
    }
  } finally {
    if (state.detail) renderHeader();
    scheduleRefresh();
  }
}

async function assignConversation() {
  const id = state.openId;
  const staffId = $('#assign-select').value;
  if (!id || !staffId) return;
  const button = $('#assign');
  button.disabled = true;
  try {
    await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/assign`, { staffId });
    toast(t('assignedToast', { name: colleagueName(staffId) }));
    await loadConversation(id, { keepScroll: true });
    scheduleRefresh();
  } catch (error) {
    if (error.status !== 401) toast(t('errorGeneric', { message: error.message }));
  } finally {
    button.disabled = false;
  }
}

async function sendReply(event) {
  event?.preventDefault();
  const input = $('#reply-input');
  const text = input.value.trim();
  if (!text || !state.openId || input.disabled) return;
  $('#reply-send').disabled = true;
  $('#reply-error').textContent = '';
  try {
    const result = await api('POST', `/api/staff/conversations/${encodeURIComponent(state.openId)}/messages`, { text });
    input.value = '';
    appendMessage(result.message, true);
    scrollTranscript(false);
  } catch (error) {
    if (error.status !== 401) $('#reply-error').textContent = error.message;
  } finally {
    $('#reply-send').disabled = !holdsIt();
    input.focus();
  }
}

function onReplyKey(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    void sendReply();
  }
}

// ------------------------------------------------------------------ canned replies

async function loadCanned() {
  try {
    const result = await api('GET', `/api/staff/canned-replies?lang=${state.lang}`);
    state.canned = result.replies;
  } catch {
    state.canned = [];
  }
  const select = $('#canned');
  select.replaceChildren(el('option', { value: '', text: t('canned') }), ...state.canned.map((reply) => el('option', { value: reply.id, text: reply.title })));
}

function cannedVariables() {
  const detail = state.detail;
  const customerTexts = (detail?.transcript ?? []).filter((m) => m.author === 'customer').map((m) => m.text);
  const order = customerTexts.map((text) => /\b\d{8,12}\b/.exec(text)?.[0]).filter(Boolean).at(-1);
  const kase = detail?.openCases[0];
  return {
    customerName: detail?.profile.name ?? '',
    agentName: state.me?.name ?? '',
    ...(order ? { orderNumber: order } : {}),
    ...(kase ? { reference: kase.id.slice(0, 8).toUpperCase() } : {}),
  };
}

function insertCanned() {
  const select = $('#canned');
  const reply = state.canned.find((r) => r.id === select.value);
  select.value = '';
  if (!reply) return;
  const vars = cannedVariables();
  // A missing name reads better left out than as an empty placeholder; other gaps stay visible.
  const text = reply.text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? vars[name] : whole)).replace(/\s+([，,！!])/g, '$1').replace(/^[，,]\s*/, '');
  const input = $('#reply-input');
  input.value = input.value ? `${input.value.trimEnd()} ${text}` : text;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

// ------------------------------------------------------------------ profile card, cases, contacts

const PROFILE_TEXT = ['name', 'phone', 'email'];
const PROFILE_FLAGS = ['isKey', 'optOutGreetings', 'optOutMarketing'];

function fillProfile(profile) {
  for (const field of PROFILE_TEXT) $(`#pf-${field}`).value = profile[field] ?? '';
  $('#pf-tier').value = profile.tier;
  for (const flag of PROFILE_FLAGS) $(`#pf-${flag}`).checked = profile[flag];
  renderPrivacyActions(profile, openConversation);
  const managers = [el('option', { value: '', text: t('noKeyAccountManager') }), ...colleagueOptions(profile.keyAccountManagerId)];
  // A manager whose account was since disabled still shows as who it is.
  if (profile.keyAccountManagerId && !state.colleagues.some((c) => c.id === profile.keyAccountManagerId)) managers.push(el('option', { value: profile.keyAccountManagerId, text: profile.keyAccountManagerId, selected: true }));
  $('#pf-keyAccountManagerId').replaceChildren(...managers);
  $('#pf-channels').textContent = profile.channels.map(channelLabel).join(', ');
  // Cards sharing this phone: shown, never joined, unless both numbers were verified.
  const hint = $('#pf-duplicates') ?? $('#pf-channels').parentElement.insertAdjacentElement('afterend', el('p', { id: 'pf-duplicates', class: 'duplicate-hint small', role: 'note' }));
  const cards = (profile.possibleDuplicates ?? []).map((d) => `${d.name || t('anonymous')} (${t(d.phoneVerified ? 'phoneVerified' : 'phoneTyped')})`);
  hint.textContent = cards.length ? t('possibleDuplicates', { cards: cards.join(', ') }) : '';
}

const PROFILE_LABELS = { name: 'name', phone: 'phone', email: 'emailField', tier: 'tier', isKey: 'isKey', optOutGreetings: 'optOutGreetings', optOutMarketing: 'optOutMarketing', keyAccountManagerId: 'keyAccountManager' };

/** The card's audit trail: who changed what, from what to what, newest first. */
function renderProfileHistory(history) {
  $('#pf-history').hidden = history.length === 0;
  $('#pf-history-title').textContent = t('cardHistory', { n: history.length });
  const value = (field, v) => {
    if (v === null || v === undefined || v === '') return t('emptyValue');
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    return field === 'keyAccountManagerId' ? colleagueName(v) : String(v);
  };
  $('#pf-history-list').replaceChildren(
    ...history.map((entry) => {
      const changes = Object.entries(entry.changes).map(([field, { from, to }]) =>
        t('cardChange', { field: field in PROFILE_LABELS ? t(PROFILE_LABELS[field]) : field, from: value(field, from), to: value(field, to) }),
      );
      return el('li', { class: 'small' }, t('cardHistoryEntry', { name: entry.staff?.name ?? t('someone'), time: formatTime(entry.createdAt), changes: changes.join('; ') }));
    }),
  );
}

function saveProfile(event) {
  event.preventDefault();
  const profile = state.detail?.profile;
  if (!profile) return undefined;
  const patch = {};
  for (const field of PROFILE_TEXT) {
    const value = $(`#pf-${field}`).value.trim() || null;
    if (value !== profile[field]) patch[field] = value;
  }
  if ($('#pf-tier').value !== profile.tier) patch.tier = $('#pf-tier').value;
  const manager = $('#pf-keyAccountManagerId').value || null;
  if (manager !== profile.keyAccountManagerId) patch.keyAccountManagerId = manager;
  for (const flag of PROFILE_FLAGS) if ($(`#pf-${flag}`).checked !== profile[flag]) patch[flag] = $(`#pf-${flag}`).checked;
  return submitForm(event.target, async () => {
    if (Object.keys(patch).length === 0) return undefined;
    const result = await api('PATCH', `/api/staff/customers/${encodeURIComponent(profile.id)}`, patch);
    state.detail.profile = result.customer;
    fillProfile(result.customer);
    renderHeader();
    scheduleRefresh();
    // The audit trail now has this edit too.
    if (state.openId) void loadConversation(state.openId, { keepScroll: true });
    return t('saved');
  });
}

/** The order the customer named: found among their own orders, or to be checked by hand. */
function caseOrderLine(facts) {
  if (!facts.orderNumber) return null;
  if (facts.orderVerified === false) return el('div', { class: 'small case-order unverified', 'data-order': 'unverified' }, t('caseOrderUnverified', { number: facts.orderNumber }));
  const order = facts.order;
  if (!order) return el('div', { class: 'small case-order' }, t('caseOrderNumber', { number: facts.orderNumber }));
  const amount = new Intl.NumberFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { style: 'currency', currency: order.currency }).format(order.amountCents / 100);
  return el('div', { class: 'small case-order', 'data-order': 'verified' }, t('caseOrderVerified', { number: order.number, date: formatTime(order.placedAt), amount, items: order.items }));
}

function renderCases(cases) {
  const list = $('#cases');
  if (!cases.length) {
    list.replaceChildren(el('li', { class: 'muted' }, t('noCases')));
    return;
  }
  list.replaceChildren(
    ...cases.map((kase) =>
      el(
        'li',
        { class: 'case' },
        el('div', { class: 'case-head' }, el('strong', {}, `${kase.category} · ${kase.id.slice(0, 8).toUpperCase()}`), el('span', { class: 'chip' }, t('caseStep', { step: kase.step }))),
        el('div', { class: 'steps', 'aria-hidden': 'true' }, ...[1, 2, 3, 4, 5].map((n) => el('span', { class: n <= kase.step ? 'on' : '' }))),
        el('div', { class: 'muted small' }, `${kase.status} · ${kase.emotion}`),
        caseOrderLine(kase.facts ?? {}),
        kase.agreedSolution ? el('div', { class: 'small' }, kase.agreedSolution) : null,
        kase.commitments.length
          ? el(
              'ul',
              { class: 'commitments', 'aria-label': t('commitments') },
              ...kase.commitments.map((c) =>
                el('li', { 'data-status': c.status }, el('span', {}, c.description), el('span', { class: 'muted small' }, `${c.status} · ${t('due', { time: formatTime(c.dueAt) })}`)),
              ),
            )
          : null,
      ),
    ),
  );
}

function renderContacts(contacts) {
  const list = $('#contacts');
  if (!contacts.length) {
    list.replaceChildren(el('li', { class: 'muted' }, t('noContacts')));
    return;
  }
  list.replaceChildren(
    ...contacts.map((c) =>
      el(
        'li',
        {},
        el('div', { class: 'contact-head' }, el('strong', {}, c.kind), el('span', { class: 'muted small' }, `${channelLabel(c.channel)} · ${formatTime(c.createdAt)}`)),
        el('div', { class: 'small' }, c.summary),
        c.outcome ? el('div', { class: 'muted small' }, c.outcome) : null,
      ),
    ),
  );
}

// ------------------------------------------------------------------ private notes

function renderNotes(notes) {
  const list = $('#notes');
  if (!notes.length) {
    list.replaceChildren(el('li', { class: 'muted small' }, t('noNotes')));
    return;
  }
  list.replaceChildren(
    ...notes.map((note) =>
      el(
        'li',
        { class: 'note', 'data-note-id': note.id },
        el('div', { class: 'contact-head' }, el('strong', { class: 'small' }, note.staff.name), el('time', { class: 'muted small', datetime: note.createdAt }, formatTime(note.createdAt))),
        el('div', { class: 'note-text small' }, note.text),
      ),
    ),
  );
}

function addNote(event) {
  event.preventDefault();
  const input = $('#note-input');
  const text = input.value.trim();
  const id = state.openId;
  if (!text || !id) return undefined;
  return submitForm(event.target, async () => {
    const result = await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/notes`, { text });
    input.value = '';
    if (state.openId === id && state.detail) {
      state.detail.notes = [...(state.detail.notes ?? []).filter((n) => n.id !== result.note.id), result.note];
      renderNotes(state.detail.notes);
    }
  });
}

// ------------------------------------------------------------------ case work: commitments, outcome, callback

const AMOUNT_KINDS = ['refund', 'voucher'];

function resetCaseWork() {
  for (const id of ['#note-error', '#commitment-error', '#outcome-error', '#callback-error']) $(id).textContent = '';
  for (const id of ['#note-input', '#cm-desc', '#cm-due', '#cm-amount', '#outcome-text', '#cb-due', '#cb-note']) $(id).value = '';
}

function renderCasePicker(cases) {
  const picker = $('#case-pick');
  const chosen = picker.value;
  picker.replaceChildren(...cases.map((kase) => el('option', { value: kase.id, text: `${kase.category} · ${kase.id.slice(0, 8).toUpperCase()}` })));
  if (cases.some((kase) => kase.id === chosen)) picker.value = chosen;
  $('#case-work').hidden = cases.length === 0;
}

function showAmountField() {
  const needed = AMOUNT_KINDS.includes($('#cm-kind').value);
  $('#cm-amount-wrap').hidden = !needed;
  $('#cm-amount').required = needed;
}

/** A datetime-local field's value is the browser's local time; the API wants ISO 8601 with an offset. */
function dueFrom(selector) {
  const value = $(selector).value;
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new ApiError(0, 'invalid', t('needDue'));
  return date.toISOString();
}

function showResult(node, text, ok) {
  node.textContent = text;
  node.classList.toggle('ok', ok);
}

function clearFields(...selectors) {
  for (const selector of selectors) $(selector).value = '';
}

/**
 * The one shape of the small forms here: the form's .error line is cleared, its submit button
 * waits while `request` runs, then the line shows what `request` returned (a success message, if
 * any) or the error it threw (the server's message, or a check of the form's own). True when it worked.
 */
async function submitForm(form, request) {
  const button = form.querySelector('button[type="submit"]');
  const output = form.querySelector('.error');
  showResult(output, '', false);
  button.disabled = true;
  try {
    const message = await request();
    if (message) showResult(output, message, true);
    return true;
  } catch (failure) {
    if (failure.status !== 401) showResult(output, failure.message, false);
    return false;
  } finally {
    button.disabled = false;
  }
}

/** Case work changes what the open conversation shows (its cases, commitments, contact log). */
async function reloadConversation(id) {
  if (id && state.openId === id) await loadConversation(id, { keepScroll: true });
}

function recordCommitment(event) {
  event.preventDefault();
  const caseId = $('#case-pick').value;
  const id = state.openId;
  if (!caseId) return undefined;
  return submitForm(event.target, async () => {
    const kind = $('#cm-kind').value;
    const body = { kind, description: $('#cm-desc').value.trim(), dueAt: dueFrom('#cm-due') };
    const amount = Number($('#cm-amount').value);
    if (AMOUNT_KINDS.includes(kind) && amount > 0) body.amountCents = Math.round(amount * 100);
    const result = await api('POST', `/api/staff/cases/${encodeURIComponent(caseId)}/commitments`, body);
    clearFields('#cm-desc', '#cm-due', '#cm-amount');
    await reloadConversation(id);
    return t('commitmentRecorded', { time: formatTime(result.revisit.dueAt) });
  });
}

function setOutcome(event) {
  event.preventDefault();
  const caseId = $('#case-pick').value;
  const id = state.openId;
  if (!caseId) return undefined;
  return submitForm(event.target, async () => {
    const status = $('#outcome-select').value;
    const outcome = $('#outcome-text').value.trim();
    await api('POST', `/api/staff/cases/${encodeURIComponent(caseId)}/outcome`, { status, ...(outcome ? { outcome } : {}) });
    clearFields('#outcome-text');
    await reloadConversation(id);
    return t('outcomeSaved', { status: t(`outcome.${status}`) });
  });
}

function scheduleCallback(event) {
  event.preventDefault();
  const id = state.openId;
  if (!id) return undefined;
  return submitForm(event.target, async () => {
    const note = $('#cb-note').value.trim();
    const result = await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/callbacks`, { dueAt: dueFrom('#cb-due'), ...(note ? { note } : {}) });
    clearFields('#cb-due', '#cb-note');
    await reloadConversation(id);
    return t('callbackScheduled', { time: formatTime(result.followUp.dueAt) });
  });
}

// ------------------------------------------------------------------ presence

function renderPresence() {
  const button = $('#online-toggle');
  const online = Boolean(state.me?.online);
  button.dataset.online = String(online);
  button.setAttribute('aria-pressed', String(online));
  button.setAttribute('aria-label', `${online ? t('online') : t('offline')} — ${t('onlineLabel')}`);
  button.replaceChildren(el('span', { class: 'presence-dot', 'aria-hidden': 'true' }), online ? t('online') : t('offline'));
}

async function toggleOnline() {
  if (!state.me) return;
  const button = $('#online-toggle');
  button.disabled = true;
  try {
    const result = await api('PATCH', '/api/staff/me', { online: !state.me.online });
    state.me = { ...state.me, ...result.staff };
    renderPresence();
  } catch (failure) {
    if (failure.status !== 401) toast(t('errorGeneric', { message: failure.message }));
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ staff accounts (admin)

async function showStaffView(show) {
  const admin = state.me?.role === 'admin';
  const visible = show && admin;
  $('#staff-view').hidden = !visible;
  $('#work-view').hidden = visible || !state.me;
  const toggle = $('#staff-toggle');
  toggle.setAttribute('aria-pressed', String(visible));
  toggle.dataset.i18n = visible ? 'staffViewBack' : 'staffView';
  toggle.textContent = t(toggle.dataset.i18n);
  if (visible) await loadStaff();
}

async function loadStaff() {
  showResult($('#staff-error'), '', false);
  try {
    state.staff = (await api('GET', '/api/staff/users')).users;
  } catch (failure) {
    if (failure.status !== 401) showResult($('#staff-error'), failure.message, false);
    state.staff = [];
  }
  renderStaffList();
}

function renderStaffList() {
  $('#staff-list').replaceChildren(...(state.staff ?? []).map(staffRow));
}

function staffRow(user) {
  const self = user.id === state.me?.id;
  const role = el('select', { 'aria-label': `${t('roleLabel')} — ${user.name}`, disabled: self }, ...['agent', 'supervisor', 'admin'].map((r) => el('option', { value: r, text: t(`role.${r}`), selected: r === user.role })));
  role.addEventListener('change', () => void updateStaff(user.id, { role: role.value }));
  const capacity = el('input', { type: 'number', min: '0', max: '100', step: '1', value: String(user.capacity), 'aria-label': `${t('capacity')} — ${user.name}`, class: 'capacity' });
  capacity.addEventListener('change', () => {
    const value = Number(capacity.value);
    if (Number.isInteger(value)) void updateStaff(user.id, { capacity: value });
  });
  // Links the person's Telegram account, so Claim in the staff chat takes the conversation for them.
  const telegram = el('input', { type: 'text', inputMode: 'numeric', maxLength: 20, value: user.telegramUserId ?? '', 'aria-label': `${t('telegramUserId')} — ${user.name}`, class: 'telegram-id' });
  telegram.addEventListener('change', () => void updateStaff(user.id, { telegramUserId: telegram.value.trim() || null }));
  const toggle = el('button', { type: 'button', class: `btn${user.disabled ? '' : ' btn-danger'}`, disabled: self }, user.disabled ? t('enable') : t('disable'));
  toggle.addEventListener('click', () => void updateStaff(user.id, { disabled: !user.disabled }));
  return el(
    'li',
    { class: `staff-row${user.disabled ? ' is-disabled' : ''}`, 'data-staff-id': user.id },
    el(
      'div',
      { class: 'staff-who' },
      el('strong', {}, user.name),
      el('span', { class: 'muted small' }, user.email),
      el('span', { class: 'muted small' }, [user.online ? t('staffOnline') : t('staffOffline'), user.disabled ? t('disabled') : null].filter(Boolean).join(' · ')),
    ),
    el('label', { class: 'small' }, t('roleLabel'), role),
    el('label', { class: 'small' }, t('capacity'), capacity),
    el('label', { class: 'small' }, t('telegramUserId'), telegram),
    toggle,
  );
}

async function updateStaff(id, changes) {
  const output = $('#staff-error');
  showResult(output, '', false);
  try {
    const result = await api('PATCH', `/api/staff/users/${encodeURIComponent(id)}`, changes);
    state.staff = (state.staff ?? []).map((user) => (user.id === id ? result.user : user));
    showResult(output, t('saved'), true);
  } catch (failure) {
    if (failure.status !== 401) showResult(output, failure.message, false);
  }
  renderStaffList();
  await loadColleagues();
}

function createStaff(event) {
  event.preventDefault();
  const body = { email: $('#sc-email').value.trim(), name: $('#sc-name').value.trim(), password: $('#sc-password').value, role: $('#sc-role').value };
  return submitForm(event.target, async () => {
    const result = await api('POST', '/api/staff/users', body);
    state.staff = [...(state.staff ?? []), result.user];
    renderStaffList();
    clearFields('#sc-email', '#sc-name', '#sc-password');
    await loadColleagues();
    return t('staffCreated');
  });
}

// ------------------------------------------------------------------ start

async function switchLanguage() {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, state.lang);
  applyStrings();
  renderQueue();
  if (state.me) void refreshCrisisBanner();
  if (state.me) await loadCanned();
  if (state.detail) {
    renderHeader();
    renderHandoff();
    $('#transcript').replaceChildren();
    state.messageIds = new Set();
    for (const message of state.detail.transcript) appendMessage(message, false);
    renderCases(state.detail.openCases);
    renderCasePicker(state.detail.openCases);
    renderNotes(state.detail.notes ?? []);
    renderContacts(state.detail.contacts);
    fillProfile(state.detail.profile);
    renderProfileHistory(state.detail.profileHistory ?? []);
  }
  if (!$('#staff-view').hidden) renderStaffList();
}

function pickLanguage() {
  const query = new URLSearchParams(window.location.search).get('lang');
  if (query === 'zh' || query === 'en') return query;
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

async function start() {
  onSessionLost(signedOut);
  state.lang = pickLanguage();
  const response = await fetch('/console/strings.json');
  state.strings = await response.json();
  applyStrings();

  $('#login-form').addEventListener('submit', (event) => void signIn(event));
  $('#logout').addEventListener('click', () => void signOut());
  setUpPasswordChange();
  $('#lang').addEventListener('click', () => void switchLanguage());
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => selectTab(tab.dataset.status));
  document.querySelector('.tabs').addEventListener('keydown', onTabKey);
  $('#takeover').addEventListener('click', () => void act('takeover'));
  $('#handback').addEventListener('click', () => void act('handback'));
  $('#close').addEventListener('click', () => void act('close'));
  $('#assign').addEventListener('click', () => void assignConversation());
  $('#reply-form').addEventListener('submit', (event) => void sendReply(event));
  $('#reply-input').addEventListener('keydown', onReplyKey);
  $('#canned').addEventListener('change', insertCanned);
  $('#profile-form').addEventListener('submit', (event) => void saveProfile(event));
  $('#note-form').addEventListener('submit', (event) => void addNote(event));
  $('#commitment-form').addEventListener('submit', (event) => void recordCommitment(event));
  $('#cm-kind').addEventListener('change', showAmountField);
  $('#outcome-form').addEventListener('submit', (event) => void setOutcome(event));
  $('#callback-form').addEventListener('submit', (event) => void scheduleCallback(event));
  $('#online-toggle').addEventListener('click', () => void toggleOnline());
  $('#staff-toggle').addEventListener('click', () => void showStaffView($('#staff-view').hidden));
  $('#staff-create').addEventListener('submit', (event) => void createStaff(event));
  showAmountField();
  $('#back').addEventListener('click', () => {
    closeConversation();
    renderQueue();
  });
  document.addEventListener('pointerdown', unlockAlerts, { once: true });
  document.addEventListener('keydown', unlockAlerts, { once: true });
  setInterval(tickWaiting, 1000);

  state.csrf = sessionStorage.getItem(CSRF_KEY) ?? '';
  let me = null;
  if (state.csrf) {
    try {
      me = (await api('GET', '/api/staff/me')).staff;
    } catch {
      me = null;
    }
  }
  $('#app').removeAttribute('aria-busy');
  if (me) await enterWorkspace(me);
  else showLogin();
}

void start();
