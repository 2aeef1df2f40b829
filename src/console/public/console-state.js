// The console's one state object (who is signed in, the queues, the open conversation) and the
// keys it keeps in the browser.

export const LANG_KEY = 'care.console.lang';
export const CSRF_KEY = 'care.console.csrf';
export const STATUSES = ['queued', 'human', 'bot', 'closed'];

export const state = {
  strings: { en: {}, zh: {} },
  lang: 'en',
  me: null,
  csrf: '',
  tab: 'queued',
  lists: { queued: [], human: [], bot: [], closed: [] },
  fetchedAt: 0,
  knownQueued: null,
  openId: null,
  detail: null,
  messageIds: new Set(),
  canned: [],
  events: null,
  refreshTimer: 0,
  typingTimer: 0,
  audio: null,
  staff: [],
  /** Enabled colleagues (id, name, role, online): assignees and key account managers. */
  colleagues: [],
};

/** Whether the signed-in person is a supervisor or an admin (the API enforces it; pages only hide what it would refuse). */
export const isSupervisor = () => state.me?.role === 'supervisor' || state.me?.role === 'admin';
