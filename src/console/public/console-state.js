// The state of the console's other pages (jobs, audit, customers, insights, webhooks: their
// wording, language, who is signed in, the CSRF token) and the keys they keep in the browser. The
// main console keeps its state in state/console-store.js.

export const LANG_KEY = 'care.console.lang';
export const CSRF_KEY = 'care.console.csrf';

export const state = {
  strings: { en: {}, zh: {} },
  lang: 'en',
  me: null,
  csrf: '',
};

/** Whether the signed-in person is a supervisor or an admin (the API enforces it; pages only hide what it would refuse). */
export const isSupervisor = () => state.me?.role === 'supervisor' || state.me?.role === 'admin';
