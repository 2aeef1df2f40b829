// @ts-check
// The console's header: who is signed in, the live indicator, the online switch, the links to
// the other pages by role, supervisors' approvals, the language switch, the password change and sign-out.

import { html, useState } from '../vendor/preact-htm.js';
import { language, setLanguage, t } from '../../assets/kit/i18n.js';
import { update } from '../state/console-store.js';
import { signOut, toggleOnline } from '../state/session.js';

/**
 * @param {{ state: import('../state/console-store.js').ConsoleState, onPasswordOpen: () => void }} props
 */
export function TopBar({ state, onPasswordOpen }) {
  const { me, view, live } = state;
  const role = me?.role;
  return html`
    <header class="topbar">
      <div class="brand">
        <span class="avatar" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M3 18v-6a9 9 0 0 1 18 0v6" /><path d="M21 19a2 2 0 0 1-2 2h-1v-6h3v4ZM3 19a2 2 0 0 0 2 2h1v-6H3v4Z" /></svg>
        </span>
        <div class="brand-text">
          <h1 class="title">${t('title')}</h1>
          <p class="subtitle">${t('subtitle')}</p>
        </div>
      </div>
      <div class="top-actions">
        ${
          me &&
          html`<span id="live" class="live" role="status" data-state=${live === 'on' ? 'on' : 'off'}><span class="live-dot" aria-hidden="true"></span><span id="live-text">${live === 'on' ? t('live') : t('reconnecting')}</span></span>
          <span id="whoami" class="whoami">${t('signedInAs', { name: me.name, role: t(`role.${me.role}`) })}</span>
          <${OnlineToggle} online=${Boolean(me.online)} />`
        }
        ${
          role === 'admin' &&
          html`<button id="staff-toggle" class="btn btn-ghost" type="button" aria-pressed=${String(view === 'staff')} onClick=${() => update({ view: view === 'staff' ? 'work' : 'staff' })}>
          ${view === 'staff' ? t('staffViewBack') : t('staffView')}
        </button>`
        }
        ${me && role !== 'agent' && html`<${ApprovalsButton} count=${state.approvals.length} />`}
        <a id="customers-link" class="btn btn-ghost" href="/console/customers">${t('customers.link')}</a>
        <a id="jobs-link" class="btn btn-ghost" href="/console/jobs">${t('jobs.link')}</a>
        ${role === 'admin' && html`<a id="audit-link" class="btn btn-ghost" href="/console/audit">${t('audit.link')}</a>`}
        ${me && role !== 'agent' && html`<a id="insights-link" class="btn btn-ghost" href="/console/insights">${t('insights.link')}</a>`}
        ${role === 'admin' && html`<a id="webhooks-link" class="btn btn-ghost" href="/console/webhooks">${t('webhooks.link')}</a>`}
        <button id="lang" class="btn btn-ghost" type="button" aria-label=${t('langToggleLabel')} onClick=${() => setLanguage(language() === 'zh' ? 'en' : 'zh')}>${t('langToggle')}</button>
        ${
          me &&
          html`<button id="password-open" class="btn btn-ghost" type="button" onClick=${onPasswordOpen}>${t('passwordChange')}</button>
          <button id="logout" class="btn btn-ghost" type="button" onClick=${() => void signOut()}>${t('signOut')}</button>`
        }
      </div>
    </header>
  `;
}

/** Supervisors' approvals: the requests waiting, counted live; opens the list. */
function ApprovalsButton(/** @type {{ count: number }} */ { count }) {
  return html`<button id="approvals-open" class="btn btn-ghost approvals-open" type="button" aria-haspopup="dialog" aria-label=${t('approvals.buttonLabel', { count })} onClick=${() => update({ approvalsOpen: true })}>
    ${t('approvals.button')} <span id="approvals-count" class="count" aria-hidden="true">${count ? String(count) : ''}</span>
  </button>`;
}

function OnlineToggle(/** @type {{ online: boolean }} */ { online }) {
  const [busy, setBusy] = useState(false);
  const label = online ? t('online') : t('offline');
  const toggle = async () => {
    setBusy(true);
    await toggleOnline();
    setBusy(false);
  };
  return html`<button id="online-toggle" class="btn presence" type="button" aria-pressed=${String(online)} data-online=${String(online)} aria-label=${`${label} — ${t('onlineLabel')}`} disabled=${busy} onClick=${() => void toggle()}>
    <span class="presence-dot" aria-hidden="true"></span>${label}
  </button>`;
}
