// @ts-check
// The open conversation: opening and closing it, reading it again, the live messages and typing,
// and what staff do with it (take over, hand back, close, assign, reply).

import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { getState, update } from './console-store.js';
import { addMessage, mergeTranscript } from './transcript.js';
import { loadColleagues, colleagueName } from './colleagues.js';
import { scheduleRefresh } from './queue.js';
import { markRead } from './read-markers.js';
import { showToast } from './toast.js';

const TYPING_SHOWN_MS = 10_000;
/** The web chat repeats "typing" every few seconds while the customer types; silence this long means they stopped. */
const CUSTOMER_TYPING_SHOWN_MS = 6_000;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let typingTimer;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let customerTypingTimer;

/** @param {unknown} error */
const statusOf = (error) => /** @type {{ status?: number }} */ (error).status ?? 0;
/** @param {unknown} error */
const messageOf = (error) => /** @type {Error} */ (error).message;

/** @param {string} id */
export async function openConversation(id) {
  if (getState().openId !== id) {
    clearTimeout(customerTypingTimer);
    update({ openId: id, detail: null, messages: [], typing: null, customerTyping: false, replyError: '' });
  }
  // Shown now: read (routing counts a routed assignment as opened and may hand over the next).
  markRead(id);
  // Who is online changes all day; the assign picker shows it as of opening.
  await Promise.all([loadConversation(id), loadColleagues()]);
}

export function closeConversation() {
  clearTimeout(customerTypingTimer);
  update({ openId: null, detail: null, messages: [], typing: null, customerTyping: false, replyError: '' });
}

/** Reads the open conversation again (after a change, a live status event, a reconnect). */
export async function loadConversation(/** @type {string} */ id) {
  let detail;
  try {
    detail = await api('GET', `/api/staff/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    if (statusOf(error) !== 401) showToast(t('errorGeneric', { message: messageOf(error) }));
    return;
  }
  if (getState().openId !== id) return;
  update((s) => ({ detail, messages: mergeTranscript(s.messages, detail.transcript) }));
}

/** A message from the live stream: shown when it belongs to the open conversation. */
export function receiveMessage(/** @type {import('./console-store.js').Message} */ message) {
  if (message.conversationId !== getState().openId) return;
  if (message.author === 'customer') clearTimeout(customerTypingTimer);
  update((s) => ({
    messages: addMessage(s.messages, message),
    ...(message.author !== 'bot' ? { typing: null } : {}),
    ...(message.author === 'customer' ? { customerTyping: false } : {}),
  }));
}

/** Someone types in the open conversation (the customer, the bot or a colleague); hidden again after a while. */
export function showTyping(/** @type {{ conversationId: string, on: boolean, author: string }} */ event) {
  if (event.conversationId !== getState().openId) return;
  if (event.author === 'customer') {
    // Apart from the bot's and colleagues' typing: the customer may type while the bot answers.
    clearTimeout(customerTypingTimer);
    update({ customerTyping: event.on });
    if (event.on) customerTypingTimer = setTimeout(() => update({ customerTyping: false }), CUSTOMER_TYPING_SHOWN_MS);
    return;
  }
  clearTimeout(typingTimer);
  update({ typing: event.on ? event.author : null });
  if (event.on) typingTimer = setTimeout(() => update({ typing: null }), TYPING_SHOWN_MS);
}

/**
 * Case work (a commitment, an outcome, a callback) on the open conversation or on one of the cases
 * it shows (a case opened in an earlier conversation of the customer): read it again.
 */
export function receiveCaseChange(/** @type {{ conversationId: string, caseId: string | null }} */ event) {
  const { openId: id, detail } = getState();
  if (!id) return;
  const shown = event.conversationId === id || (event.caseId !== null && (detail?.openCases ?? []).some((/** @type {{ id: string }} */ c) => c.id === event.caseId));
  if (shown) void loadConversation(id);
}

/** Whether the signed-in person holds the open conversation (may reply). */
export function holdsIt() {
  const { detail, me } = getState();
  const conversation = detail?.conversation;
  return conversation?.status === 'human' && conversation.assignedStaff?.id === me?.id;
}

/**
 * Takes over, hands back or closes the open conversation; a refusal says why (who has it).
 * @param {'takeover' | 'handback' | 'close'} action
 */
export async function act(action) {
  const id = getState().openId;
  if (!id) return;
  if (action === 'close' && !window.confirm(t('closeConfirm'))) return;
  update({ replyError: '' });
  try {
    await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/${action}`);
    await loadConversation(id);
    if (action === 'takeover') update((s) => ({ composerFocus: s.composerFocus + 1 }));
  } catch (error) {
    if (statusOf(error) === 401) return;
    await loadConversation(id);
    const { detail, me } = getState();
    const holder = detail?.conversation.status === 'human' ? detail.conversation.assignedStaff : null;
    update({ replyError: statusOf(error) === 409 && holder && holder.id !== me?.id ? t('takenBy', { name: holder.name }) : messageOf(error) });
  } finally {
    scheduleRefresh();
  }
}

/** A supervisor gives the open conversation to a colleague. */
export async function assignConversation(/** @type {string} */ staffId) {
  const id = getState().openId;
  if (!id || !staffId) return;
  try {
    await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/assign`, { staffId });
    showToast(t('assignedToast', { name: colleagueName(staffId) }));
    await loadConversation(id);
    scheduleRefresh();
  } catch (error) {
    if (statusOf(error) !== 401) showToast(t('errorGeneric', { message: messageOf(error) }));
  }
}

/**
 * Sends a reply to the customer; true when the server took it.
 * @param {string} text
 */
export async function sendReply(text) {
  const id = getState().openId;
  if (!text || !id || !holdsIt()) return false;
  update({ replyError: '' });
  try {
    const result = await api('POST', `/api/staff/conversations/${encodeURIComponent(id)}/messages`, { text });
    update((s) => ({ messages: s.openId === id ? addMessage(s.messages, result.message) : s.messages }));
    return true;
  } catch (error) {
    if (statusOf(error) !== 401) update({ replyError: messageOf(error) });
    return false;
  }
}
