// @ts-check
// The console's state in one place: who is signed in, the language, the queues, the open
// conversation, the admin's staff list and the toast. Components read it with useConsoleState()
// and draw again whenever update() changes it; nothing else redraws the page.

import { useEffect, useState } from '../vendor/preact-htm.js';

export const LANG_KEY = 'care.console.lang';
export const CSRF_KEY = 'care.console.csrf';
/** The queue's tabs, in their order on screen. */
export const STATUSES = /** @type {const} */ (['queued', 'human', 'bot', 'closed']);

/**
 * @typedef {{ id: string, name: string, role: 'agent' | 'supervisor' | 'admin', online?: boolean }} Staff
 * @typedef {{ id: number, author: string, text: string, createdAt: string, channel?: string, choices?: string[], conversationId?: string, undelivered?: { at: string, reason: string } }} Message
 * @typedef {{
 *   ready: boolean,
 *   lang: 'zh' | 'en',
 *   me: Staff | null,
 *   view: 'work' | 'staff',
 *   live: 'connecting' | 'on' | 'off',
 *   tab: typeof STATUSES[number],
 *   lists: Record<typeof STATUSES[number], any[]>,
 *   filters: import('./queue-filters.js').QueueFilters,
 *   queuedTotal: number,
 *   labelsInUse: { label: string, count: number }[],
 *   labelsById: Record<string, string[]>,
 *   fetchedAt: number,
 *   openId: string | null,
 *   detail: any,
 *   messages: Message[],
 *   typing: string | null,
 *   customerTyping: boolean,
 *   canned: { id: string, title: string, text: string }[],
 *   cannedByLang: Partial<Record<'zh' | 'en', { id: string, title: string, text: string }[]>>,
 *   colleagues: (Staff & { online: boolean })[],
 *   staff: any[],
 *   toast: { text: string, id: number } | null,
 *   loginError: string,
 *   replyError: string,
 *   composerFocus: number,
 *   crisis: { signals: any[], incidents: any[], windowMinutes: number },
 *   heardSignals: any[],
 *   approvals: import('./approval-list.js').Approval[],
 *   approvalsOpen: boolean,
 *   helpOpen: boolean,
 * }} ConsoleState
 */

/** @type {ConsoleState} */
let state = {
  ready: false,
  lang: 'en',
  me: null,
  view: 'work',
  live: 'off',
  tab: 'queued',
  lists: { queued: [], human: [], bot: [], closed: [] },
  filters: {},
  queuedTotal: 0,
  labelsInUse: [],
  labelsById: {},
  fetchedAt: 0,
  openId: null,
  detail: null,
  messages: [],
  typing: null,
  customerTyping: false,
  canned: [],
  cannedByLang: {},
  colleagues: [],
  staff: [],
  toast: null,
  loginError: '',
  replyError: '',
  composerFocus: 0,
  crisis: { signals: [], incidents: [], windowMinutes: 60 },
  heardSignals: [],
  approvals: [],
  approvalsOpen: false,
  helpOpen: false,
};

/** @type {Set<() => void>} */
const listeners = new Set();

/** @returns {ConsoleState} */
export function getState() {
  return state;
}

/**
 * Changes the state and tells every component that reads it.
 * @param {Partial<ConsoleState> | ((current: ConsoleState) => Partial<ConsoleState>)} change
 */
export function update(change) {
  const patch = typeof change === 'function' ? change(state) : change;
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** Whether the signed-in person is a supervisor or an admin (the API enforces it; the page only hides what it would refuse). */
export function isSupervisor() {
  return state.me?.role === 'supervisor' || state.me?.role === 'admin';
}

/** The state, with a redraw of the calling component on every change. */
export function useConsoleState() {
  const [, redraw] = useState(0);
  const drawn = state;
  useEffect(() => {
    /** @type {() => void} */
    const listener = () => redraw((n) => n + 1);
    listeners.add(listener);
    // Changed between this draw and the subscription (effects run after the browser paints).
    if (state !== drawn) listener();
    return () => void listeners.delete(listener);
  }, []);
  return state;
}
