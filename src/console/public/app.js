// @ts-check
// The staff console's entry: reads the wording, picks the language, resumes the session kept in
// this tab (else shows the sign-in form) and draws the page (components/console-app.js). Talks
// only to /api/staff (session cookie + CSRF token) and follows every conversation over one
// Server-Sent Events stream (state/live-events.js).

import { html, render } from './vendor/preact-htm.js';
import { chooseLanguage, setUpI18n, subscribeLanguage } from '../assets/kit/i18n.js';
import { configureApi } from '../assets/kit/api.js';
import { LANG_KEY, getState, update } from './state/console-store.js';
import { enterWorkspace, resumeSession, signedOut } from './state/session.js';
import { loadCanned } from './state/canned.js';
import { refreshCrisis } from './state/crisis.js';
import { openConversation } from './state/conversation.js';
import { onNotificationClick, unlockAlerts } from './state/escalation-alerts.js';
import { readFiltersFromAddress } from './state/queue.js';
import { markOpenReadWhenVisible } from './state/read-markers.js';
import { ConsoleApp } from './components/console-app.js';

async function start() {
  const root = /** @type {HTMLElement} */ (document.getElementById('app'));
  const table = await (await fetch('/console/strings.json')).json();
  const lang = chooseLanguage({ query: new URLSearchParams(window.location.search).get('lang'), saved: localStorage.getItem(LANG_KEY), browser: navigator.language });
  setUpI18n({ table, storageKey: LANG_KEY, lang });
  update({ lang });
  subscribeLanguage((next) => {
    update({ lang: next });
    // The canned replies and the crisis list come from the server in each language.
    if (getState().me) {
      void loadCanned();
      void refreshCrisis();
    }
  });
  configureApi({ csrfHeader: 'x-csrf-token', signInPaths: ['/api/staff/login'], onSessionLost: signedOut });
  onNotificationClick((id) => void openConversation(id));
  document.addEventListener('pointerdown', unlockAlerts, { once: true });
  document.addEventListener('keydown', unlockAlerts, { once: true });
  readFiltersFromAddress();
  markOpenReadWhenVisible();

  render(html`<${ConsoleApp} />`, root);
  const me = await resumeSession();
  update({ ready: true, ...(me ? { me } : {}) });
  root.removeAttribute('aria-busy');
  if (me) await enterWorkspace(me);
}

void start();
