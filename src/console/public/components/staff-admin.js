// @ts-check
// Staff accounts (admins): each person's role, capacity, linked Telegram account and whether the
// account may sign in; and a form for a new account. Read from the server each time it opens.

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { createStaff, loadStaff, updateStaff } from '../state/staff-accounts.js';
import { FormResult, useSubmit } from './form-result.js';

const ROLES = ['agent', 'supervisor', 'admin'];

/** @param {{ staff: any[], me: { id: string } | null }} props */
export function StaffAdmin({ staff, me }) {
  const [outcome, setOutcome] = useState({ text: '', ok: false });
  useEffect(() => {
    void loadStaff().then((failure) => failure && setOutcome(failure));
  }, []);

  /** @param {string} id @param {Record<string, unknown>} changes */
  async function change(id, changes) {
    setOutcome({ text: '', ok: false });
    const result = await updateStaff(id, changes);
    if (result) setOutcome(result);
  }

  return html`
    <main id="staff-view" class="staff-view">
      <section class="card">
        <h2>${t('staffTitle')}</h2>
        <${FormResult} id="staff-error" result=${outcome} />
        <ul id="staff-list" class="staff-list">
          ${staff.map((user) => html`<${StaffRow} key=${user.id} user=${user} self=${user.id === me?.id} onChange=${change} />`)}
        </ul>
      </section>
      <${NewStaffForm} />
    </main>
  `;
}

/** @param {{ user: any, self: boolean, onChange: (id: string, changes: Record<string, unknown>) => Promise<void> }} props */
function StaffRow({ user, self, onChange }) {
  const status = [user.online ? t('staffOnline') : t('staffOffline'), user.disabled ? t('disabled') : null].filter(Boolean).join(' · ');
  /** @param {Event} event */
  const valueOf = (event) => /** @type {HTMLInputElement} */ (event.currentTarget).value;
  return html`
    <li class=${`staff-row${user.disabled ? ' is-disabled' : ''}`} data-staff-id=${user.id}>
      <div class="staff-who">
        <strong>${user.name}</strong>
        <span class="muted small">${user.email}</span>
        <span class="muted small">${status}</span>
      </div>
      <label class="small">${t('roleLabel')}
        <select aria-label=${`${t('roleLabel')} — ${user.name}`} disabled=${self} value=${user.role} onChange=${(/** @type {Event} */ e) => void onChange(user.id, { role: valueOf(e) })}>
          ${ROLES.map((role) => html`<option value=${role}>${t(`role.${role}`)}</option>`)}
        </select>
      </label>
      <label class="small">${t('capacity')}
        <input
          type="number"
          min="0"
          max="100"
          step="1"
          class="capacity"
          aria-label=${`${t('capacity')} — ${user.name}`}
          defaultValue=${String(user.capacity)}
          key=${`capacity-${user.capacity}`}
          onChange=${(/** @type {Event} */ e) => {
            const value = Number(valueOf(e));
            if (Number.isInteger(value)) void onChange(user.id, { capacity: value });
          }}
        />
      </label>
      <label class="small">${t('telegramUserId')}
        <input
          type="text"
          inputmode="numeric"
          maxlength="20"
          class="telegram-id"
          aria-label=${`${t('telegramUserId')} — ${user.name}`}
          defaultValue=${user.telegramUserId ?? ''}
          key=${`telegram-${user.telegramUserId ?? ''}`}
          onChange=${(/** @type {Event} */ e) => void onChange(user.id, { telegramUserId: valueOf(e).trim() || null })}
        />
      </label>
      <button type="button" class=${user.disabled ? 'btn' : 'btn btn-danger'} disabled=${self} onClick=${() => void onChange(user.id, { disabled: !user.disabled })}>${user.disabled ? t('enable') : t('disable')}</button>
    </li>
  `;
}

function NewStaffForm() {
  const form = useRef(/** @type {HTMLFormElement | null} */ (null));
  const { busy, result, run } = useSubmit();

  /** @param {Event} event */
  function submit(event) {
    event.preventDefault();
    const fields = /** @type {HTMLFormElement} */ (form.current).elements;
    const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (fields.namedItem(name)).value;
    const body = { email: value('email').trim(), name: value('name').trim(), password: value('password'), role: value('role') };
    void run(async () => {
      await createStaff(body);
      for (const name of ['email', 'name', 'password']) /** @type {HTMLInputElement} */ (fields.namedItem(name)).value = '';
      return t('staffCreated');
    });
  }

  return html`
    <form id="staff-create" class="card staff-create" novalidate ref=${form} onSubmit=${submit}>
      <h3>${t('staffCreate')}</h3>
      <label for="sc-email">${t('email')}</label>
      <input id="sc-email" name="email" type="email" maxlength="320" autocomplete="off" required />
      <label for="sc-name">${t('name')}</label>
      <input id="sc-name" name="name" type="text" maxlength="120" autocomplete="off" required />
      <label for="sc-password">${t('password')}</label>
      <input id="sc-password" name="password" type="password" autocomplete="new-password" required />
      <label for="sc-role">${t('roleLabel')}</label>
      <select id="sc-role" name="role">${ROLES.map((role) => html`<option value=${role}>${t(`role.${role}`)}</option>`)}</select>
      <${FormResult} id="staff-create-error" result=${result} />
      <button id="sc-submit" class="btn btn-primary" type="submit" disabled=${busy}>${t('staffCreateSubmit')}</button>
    </form>
  `;
}
