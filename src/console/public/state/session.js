// @ts-check
// Signing in and out, the session lost (any 401), entering the workspace, the colleagues list
// and the online switch.

import { api, setCsrfToken } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { CSRF_KEY, getState, update } from './console-store.js';
import { refreshQueues } from './queue.js';
import { loadCanned } from './canned.js';
import { refreshCrisis } from './crisis.js';
import { connectStaffEvents, disconnectStaffEvents } from './live-events.js';
import { forgetKnownQueue } from './escalation-alerts.js';
import { showToast } from './toast.js';
import { loadColleagues } from './colleagues.js';

/** @param {string} token */
export function keepCsrfToken(token) {
  setCsrfToken(token);
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

/** The session stored in this tab, if the server still knows it; null otherwise. */
export async function resumeSession() {
  const token = sessionStorage.getItem(CSRF_KEY) ?? '';
  if (!token) return null;
  setCsrfToken(token);
  try {
    return (await api('GET', '/api/staff/me')).staff;
  } catch {
    return null;
  }
}

/**
 * Signs in; throws ApiError with the server's words when refused.
 * @param {string} email
 * @param {string} password
 */
export async function signIn(email, password) {
  const result = await api('POST', '/api/staff/login', { email, password });
  keepCsrfToken(result.csrfToken);
  await enterWorkspace(result.staff);
}

export async function signOut() {
  try {
    await api('POST', '/api/staff/logout');
  } catch {
    // Signed out locally either way.
  }
  signedOut('');
}

/** Back to the sign-in form, with why (the session ended) or nothing (signed out). */
export function signedOut(/** @type {string} */ message) {
  keepCsrfToken('');
  disconnectStaffEvents();
  forgetKnownQueue();
  document.body.classList.remove('has-open');
  update({
    me: null,
    view: 'work',
    live: 'off',
    openId: null,
    detail: null,
    messages: [],
    typing: null,
    customerTyping: false,
    approvals: [],
    approvalsOpen: false,
    helpOpen: false,
    loginError: message,
  });
}

/** @param {import('./console-store.js').Staff} staff */
export async function enterWorkspace(staff) {
  update({ me: staff, view: 'work', loginError: '' });
  await Promise.all([loadCanned(), refreshQueues(), loadColleagues(), refreshCrisis()]);
  connectStaffEvents();
}

export async function toggleOnline() {
  const me = getState().me;
  if (!me) return;
  try {
    const result = await api('PATCH', '/api/staff/me', { online: !me.online });
    update((s) => ({ me: s.me && { ...s.me, ...result.staff } }));
  } catch (failure) {
    if (/** @type {{ status?: number }} */ (failure).status !== 401) showToast(t('errorGeneric', { message: /** @type {Error} */ (failure).message }));
  }
}
