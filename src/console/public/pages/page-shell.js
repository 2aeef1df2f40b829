// @ts-check
// What the console's other pages (follow-ups, audit, customers, insights, webhooks) share, as
// Preact: the wording and the language chosen in the main console, the top bar, the main
// console's session (who is signed in, the CSRF token the kit's api() sends), the notice shown
// instead of the page when nobody or the wrong role is signed in, and the toast line.
// A page is one component; mountPage() draws it inside this frame once someone is signed in.

import { html, render, useEffect, useState } from '../vendor/preact-htm.js';
import { chooseLanguage, hasString, language, locale, setLanguage, setUpI18n, subscribeLanguage, t } from '../../assets/kit/i18n.js';
import { ApiError, api, configureApi, setCsrfToken } from '../../assets/kit/api.js';
import { Toast } from '../components/toast.js';

/** The same key as the main console's: one language choice for every console page. */
const LANG_KEY = 'care.console.lang';
const ROLE_RANK = { agent: 0, supervisor: 1, admin: 2 };

/**
 * @typedef {{ id: string, name: string, email: string, role: 'agent' | 'supervisor' | 'admin' }} Staff
 * @typedef {{
 *   me: Staff,
 *   lang: 'zh' | 'en',
 *   toast: (text: string) => void,
 *   ready: () => void,
 * }} PageProps What a page gets: the person signed in, the language (a change draws the page
 *   again), the toast line, and ready(), which the page calls once its first data is drawn.
 * @typedef {{
 *   page: string,
 *   minimumRole?: Staff['role'],
 *   mainClass?: string,
 *   Page: (props: PageProps) => any,
 *   links?: (me: Staff | null) => any,
 * }} PageOptions `page` names the wording (`<page>.title`, `.subtitle`, `.back`, `.signIn`,
 *   `.forbidden`); `links` adds the page's own links to the top bar, before Back.
 */

/**
 * Loads the wording, picks the language and draws the page into #app.
 * @param {PageOptions} options
 */
export async function mountPage(options) {
  const table = await (await fetch('/console/strings.json')).json();
  setUpI18n({ table, storageKey: LANG_KEY, lang: chooseLanguage({ query: new URLSearchParams(location.search).get('lang'), saved: savedLanguage(), browser: navigator.language }) });
  configureApi({ csrfHeader: 'x-csrf-token' });
  const root = /** @type {HTMLElement} */ (document.getElementById('app'));
  render(html`<${PageFrame} ...${options} />`, root);
}

/** @param {PageOptions} props */
function PageFrame({ page, minimumRole = 'agent', mainClass = '', Page, links }) {
  const lang = useLanguage();
  const [session, setSession] = useState(/** @type {{ me: Staff } | { error: unknown } | null} */ (null));
  const [toast, setToast] = useState(/** @type {{ text: string, id: number } | null} */ (null));

  useEffect(() => {
    signIn(minimumRole).then(
      (me) => setSession({ me }),
      (error) => {
        setSession({ error });
        markReady();
      },
    );
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale();
    document.title = t(`${page}.title`);
  }, [lang]);

  const me = session && 'me' in session ? session.me : null;
  const showToast = (/** @type {string} */ text) => setToast({ text, id: Date.now() });
  return html`
    <${PageTopBar} page=${page} links=${links?.(me)} />
    <${Toast} toast=${toast} />
    <main class=${`jobs-view ${mainClass}`.trim()}>
      ${session && 'error' in session && html`<p id="notice" class="card muted">${noticeText(page, session.error)}</p>`}
      ${me && html`<${Page} me=${me} lang=${lang} toast=${showToast} ready=${markReady} />`}
    </main>
  `;
}

/**
 * The page's title and subtitle, its own links, Back to the console, and the language switch (#lang).
 * @param {{ page: string, links?: any }} props
 */
export function PageTopBar({ page, links }) {
  return html`
    <header class="topbar">
      <div class="brand">
        <div class="brand-text">
          <h1 class="title">${t(`${page}.title`)}</h1>
          <p class="subtitle">${t(`${page}.subtitle`)}</p>
        </div>
      </div>
      <div class="top-actions">
        ${links}
        <a class="btn btn-ghost" href="/console/">${t(`${page}.back`)}</a>
        <button id="lang" class="btn btn-ghost" type="button" aria-label=${t('langToggleLabel')} onClick=${() => setLanguage(language() === 'zh' ? 'en' : 'zh')}>${t('langToggle')}</button>
      </div>
    </header>
  `;
}

/** The language, as state: a switch draws every component that uses it again. */
export function useLanguage() {
  const [lang, setLang] = useState(language());
  useEffect(() => subscribeLanguage(setLang), []);
  return lang;
}

/**
 * Resumes the main console's session; rejects with ApiError (401 when nobody is signed in, 403
 * when the role is below `minimumRole`).
 * @param {Staff['role']} minimumRole
 * @returns {Promise<Staff>}
 */
async function signIn(minimumRole) {
  /** @type {{ staff: Staff, csrfToken: string }} */
  const body = await api('GET', '/api/staff/me');
  setCsrfToken(body.csrfToken);
  csrf = body.csrfToken;
  if (ROLE_RANK[body.staff.role] < ROLE_RANK[minimumRole]) throw new ApiError(403, 'forbidden', `${minimumRole} only`);
  return body.staff;
}

let csrf = '';
/** The CSRF token, for the few calls that send something other than JSON (a CSV upload). */
export function csrfToken() {
  return csrf;
}

/** Whether someone may do what supervisors may (the API enforces it; pages only hide what it would refuse). */
export function isSupervisor(/** @type {Staff} */ me) {
  return me.role === 'supervisor' || me.role === 'admin';
}

/**
 * `<page>.forbidden` for a 403 (where the page has such wording), else `<page>.signIn`.
 * @param {string} page
 * @param {unknown} error
 */
function noticeText(page, error) {
  const forbidden = error instanceof ApiError && error.status === 403 && hasString(`${page}.forbidden`);
  return t(forbidden ? `${page}.forbidden` : `${page}.signIn`);
}

/** The page is drawn: assistive technology and the tests may read it. */
function markReady() {
  document.getElementById('app')?.removeAttribute('aria-busy');
}

function savedLanguage() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}
