// @ts-check
// What the console's other pages (follow-ups, audit, customers, insights, webhooks) share, on top
// of the kit (/assets/kit/): the console's wording and the language chosen there, the top bar,
// the session of the main console (who is signed in, the CSRF token the kit's api() sends), the
// notice shown instead of the page, and the toast line.

import { chooseLanguage, hasString, language, locale, setLanguage, setUpI18n, subscribeLanguage, t } from '../assets/kit/i18n.js';
import { ApiError, api, configureApi, setCsrfToken } from '../assets/kit/api.js';
import { drawTopBar, translateStatic } from './page-top-bar.js';

/** The same key as the main console's: one language choice for every console page. */
const LANG_KEY = 'care.console.lang';
const ROLE_RANK = { agent: 0, supervisor: 1, admin: 2 };

/** @typedef {{ id: string, name: string, email: string, role: 'agent' | 'supervisor' | 'admin' }} Staff */

/** @type {{ me: Staff | null, csrf: string }} */
const session = { me: null, csrf: '' };

/**
 * Loads the wording, picks the language, draws the top bar and fills the page's words. The page's
 * title is `<titleKey>`; `redraw` draws the page's own parts again after a language switch.
 * @param {{ titleKey: string, redraw: () => void }} options
 */
export async function setUpPage({ titleKey, redraw }) {
  const table = await (await fetch('/console/strings.json')).json();
  setUpI18n({ table, storageKey: LANG_KEY, lang: chooseLanguage({ query: new URLSearchParams(location.search).get('lang'), saved: savedLanguage(), browser: navigator.language }) });
  configureApi({ csrfHeader: 'x-csrf-token' });
  const header = document.querySelector('header.topbar');
  if (header instanceof HTMLElement) drawTopBar(header, () => setLanguage(language() === 'zh' ? 'en' : 'zh'));
  const translate = () => {
    document.documentElement.lang = locale();
    document.title = t(titleKey);
    translateStatic(document);
  };
  translate();
  subscribeLanguage(() => {
    translate();
    redraw();
  });
}

function savedLanguage() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

/**
 * Resumes the main console's session; rejects with ApiError (401 when nobody is signed in, 403
 * when the role is below `minimumRole`).
 * @param {Staff['role']} [minimumRole]
 * @returns {Promise<Staff>}
 */
export async function signIn(minimumRole = 'agent') {
  /** @type {{ staff: Staff, csrfToken: string }} */
  const body = await api('GET', '/api/staff/me');
  session.me = body.staff;
  session.csrf = body.csrfToken;
  setCsrfToken(body.csrfToken);
  if (ROLE_RANK[body.staff.role] < ROLE_RANK[minimumRole]) throw new ApiError(403, 'forbidden', `${minimumRole} only`);
  return body.staff;
}

/** Whether the signed-in person is a supervisor or an admin (the API enforces it; pages only hide what it would refuse). */
export function isSupervisor() {
  return session.me?.role === 'supervisor' || session.me?.role === 'admin';
}

/** The CSRF token, for the few calls that send something other than JSON (a CSV upload). */
export function csrfToken() {
  return session.csrf;
}

/**
 * Shows `<page>.forbidden` (a 403) or `<page>.signIn` (anything else) in #notice instead of the page.
 * @param {string} page
 * @param {unknown} error
 */
export function showNotice(page, error) {
  const notice = document.getElementById('notice');
  if (!notice) return;
  const forbidden = error instanceof ApiError && error.status === 403 && hasString(`${page}.forbidden`);
  notice.textContent = t(forbidden ? `${page}.forbidden` : `${page}.signIn`);
  notice.hidden = false;
}

/** The page is drawn: assistive technology and the tests may read it. */
export function pageReady() {
  document.getElementById('app')?.removeAttribute('aria-busy');
}

let toastTimer = 0;
/**
 * One short message in the page's #toast line for six seconds.
 * @param {string} text
 */
export function toast(text) {
  const node = document.getElementById('toast');
  if (!node) return;
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (node.hidden = true), 6000);
}
