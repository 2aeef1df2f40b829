// @ts-check
// The customer's card: name, phone, email, tier, flags and key account manager, editable (phone and
// email checked before saving, a refusal shown next to the field it names, the server's spelling
// shown once saved); the channels they used, their orders and the order numbers their cases
// mention, cards that share their phone, and who changed what (newest first).

import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { api, ApiError } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { channelLabel, when } from '../console-labels.js';
import { getState, update } from '../state/console-store.js';
import { colleagueName } from '../state/colleagues.js';
import { loadConversation } from '../state/conversation.js';
import { scheduleRefresh } from '../state/queue.js';
import { contactFieldProblem, fieldOfServerError } from '../state/contact-fields.js';
import { FormResult, useSubmit } from './form-result.js';
import { CustomerOrders } from './customer-orders.js';

const TEXT_FIELDS = /** @type {const} */ (['name', 'phone', 'email']);
const FLAGS = /** @type {const} */ (['isKey', 'optOutGreetings', 'optOutMarketing']);
/** @type {Record<string, string>} */
const LABELS = {
  name: 'name',
  phone: 'phone',
  email: 'emailField',
  tier: 'tier',
  isKey: 'isKey',
  optOutGreetings: 'optOutGreetings',
  optOutMarketing: 'optOutMarketing',
  keyAccountManagerId: 'keyAccountManager',
};

/**
 * The fields that differ from the card as saved: what a PATCH sends.
 * @param {Record<string, any>} profile
 * @param {Record<string, any>} form the form's values (text trimmed, '' for empty)
 */
export function profilePatch(profile, form) {
  /** @type {Record<string, unknown>} */
  const patch = {};
  for (const field of TEXT_FIELDS) {
    const value = form[field] || null;
    if (value !== profile[field]) patch[field] = value;
  }
  if (form.tier !== profile.tier) patch.tier = form.tier;
  const manager = form.keyAccountManagerId || null;
  if (manager !== profile.keyAccountManagerId) patch.keyAccountManagerId = manager;
  for (const flag of FLAGS) if (form[flag] !== profile[flag]) patch[flag] = form[flag];
  return patch;
}

/** What the form shows of a card: a reload that changes none of it leaves the form as it is. */
const shownOf = (/** @type {any} */ card) => JSON.stringify([...TEXT_FIELDS, 'tier', ...FLAGS, 'keyAccountManagerId'].map((field) => card[field] ?? null));

/**
 * @param {{ profile: any, history: any[], colleagues: { id: string, name: string }[],
 *   orders?: import('./customer-orders.js').Order[], mentionedOrders?: { number: string, caseId: string }[] }} props
 */
export function ProfileCard({ profile, history, colleagues, orders = [], mentionedOrders = [] }) {
  const form = useRef(/** @type {HTMLFormElement | null} */ (null));
  const filled = useRef('');
  const { busy, result, run } = useSubmit();
  const [fieldErrors, setFieldErrors] = useState(/** @type {Record<string, string>} */ ({}));

  /** @param {any} card */
  function fill(card) {
    const fields = form.current?.elements;
    if (!fields) return;
    for (const field of TEXT_FIELDS) /** @type {HTMLInputElement} */ (fields.namedItem(field)).value = card[field] ?? '';
    /** @type {HTMLSelectElement} */ (fields.namedItem('tier')).value = card.tier;
    for (const flag of FLAGS) /** @type {HTMLInputElement} */ (fields.namedItem(flag)).checked = card[flag];
    /** @type {HTMLSelectElement} */ (fields.namedItem('keyAccountManagerId')).value = card.keyAccountManagerId ?? '';
    filled.current = shownOf(card);
  }

  // The card as saved when it changed, unless the staff member is editing it right now (a live
  // reload for a colleague's case work changes nothing here and leaves their typing alone).
  useEffect(() => {
    if (filled.current === shownOf(profile)) return;
    if (!filled.current || !form.current?.contains(document.activeElement)) fill(profile);
  }, [profile]);

  /** @param {Event} event */
  function save(event) {
    event.preventDefault();
    const fields = /** @type {HTMLFormElement} */ (form.current).elements;
    const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (fields.namedItem(name)).value.trim();
    /** @type {Record<string, unknown>} */
    const values = { tier: value('tier'), keyAccountManagerId: value('keyAccountManagerId') };
    for (const field of TEXT_FIELDS) values[field] = value(field);
    for (const flag of FLAGS) values[flag] = /** @type {HTMLInputElement} */ (fields.namedItem(flag)).checked;
    const patch = profilePatch(profile, values);
    /** @type {Record<string, string>} */
    const problems = {};
    for (const field of /** @type {const} */ (['phone', 'email'])) {
      const problem = contactFieldProblem(field, String(values[field]));
      if (problem) problems[field] = t(problem);
    }
    setFieldErrors(problems);
    void run(async () => {
      const wrong = Object.keys(problems);
      if (wrong.length > 0) throw new ApiError(0, 'invalid', t('profileCheckFields', { fields: wrong.map((f) => t(/** @type {string} */ (LABELS[f]))).join(', ') }));
      if (Object.keys(patch).length === 0) return undefined;
      let saved;
      try {
        saved = await api('PATCH', `/api/staff/customers/${encodeURIComponent(profile.id)}`, patch);
      } catch (error) {
        // The server's words next to the field they name ("body.email: …"), and on the form's line.
        const named = error instanceof ApiError && error.status === 400 ? fieldOfServerError(error.message, TEXT_FIELDS) : null;
        if (named) setFieldErrors({ [named.field]: named.message });
        throw error;
      }
      fill(saved.customer);
      update((s) => ({ detail: s.detail && { ...s.detail, profile: saved.customer } }));
      scheduleRefresh();
      // The audit trail now has this edit too.
      const id = getState().openId;
      if (id) void loadConversation(id);
      return t('saved');
    });
  }

  const managerKnown = !profile.keyAccountManagerId || colleagues.some((c) => c.id === profile.keyAccountManagerId);
  const duplicates = (profile.possibleDuplicates ?? []).map((/** @type {any} */ d) => `${d.name || t('anonymous')} (${t(d.phoneVerified ? 'phoneVerified' : 'phoneTyped')})`);
  return html`
    <form id="profile-form" class="card profile" novalidate ref=${form} onSubmit=${save}>
      <h3>${t('profile')}</h3>
      <label for="pf-name">${t('name')}</label>
      <input id="pf-name" name="name" type="text" maxlength="120" autocomplete="off" />
      <label for="pf-phone">${t('phone')}</label>
      <${ContactInput} field="phone" type="tel" maxlength="25" error=${fieldErrors.phone} onInput=${() => fieldErrors.phone && setFieldErrors({ ...fieldErrors, phone: '' })} />
      <label for="pf-email">${t('emailField')}</label>
      <${ContactInput} field="email" type="email" maxlength="320" error=${fieldErrors.email} onInput=${() => fieldErrors.email && setFieldErrors({ ...fieldErrors, email: '' })} />
      <label for="pf-tier">${t('tier')}</label>
      <select id="pf-tier" name="tier"><option value="A">A</option><option value="B">B</option><option value="C">C</option></select>
      <div class="checks">
        ${FLAGS.map((flag) => html`<label><input id=${`pf-${flag}`} name=${flag} type="checkbox" /> <span>${t(flag)}</span></label>`)}
      </div>
      <label for="pf-keyAccountManagerId">${t('keyAccountManager')}</label>
      <select id="pf-keyAccountManagerId" name="keyAccountManagerId">
        <option value="" selected=${!profile.keyAccountManagerId}>${t('noKeyAccountManager')}</option>
        ${colleagues.map((c) => html`<option key=${c.id} value=${c.id} selected=${c.id === profile.keyAccountManagerId}>${c.name}</option>`)}
        ${!managerKnown && html`<option value=${profile.keyAccountManagerId} selected>${profile.keyAccountManagerId}</option>`}
      </select>
      <p class="muted small"><span>${t('channels')}</span>: <span id="pf-channels">${profile.channels.map(channelLabel).join(', ')}</span></p>
      <${CustomerOrders} orders=${orders} mentioned=${mentionedOrders} />
      <p id="pf-duplicates" class="duplicate-hint small" role="note">${duplicates.length ? t('possibleDuplicates', { cards: duplicates.join(', ') }) : ''}</p>
      <${FormResult} id="profile-error" result=${result} />
      <button id="profile-save" class="btn" type="submit" disabled=${busy}>${t('save')}</button>
      <${CardHistory} history=${history} />
    </form>
  `;
}

/**
 * A phone or email field with its own error line (read out with the field, and marked invalid).
 * @param {{ field: 'phone' | 'email', type: string, maxlength: string, error: string | undefined, onInput: () => void }} props
 */
function ContactInput({ field, type, maxlength, error, onInput }) {
  const errorId = `pf-${field}-error`;
  return html`
    <input id=${`pf-${field}`} name=${field} type=${type} maxlength=${maxlength} autocomplete="off" aria-invalid=${error ? 'true' : undefined} aria-describedby=${errorId} onInput=${onInput} />
    <p id=${errorId} class="field-error small" aria-live="polite">${error ?? ''}</p>
  `;
}

/** The card's audit trail: who changed what, from what to what, newest first. */
function CardHistory(/** @type {{ history: any[] }} */ { history }) {
  /** @param {string} field @param {unknown} value */
  const shown = (field, value) => {
    if (value === null || value === undefined || value === '') return t('emptyValue');
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    return field === 'keyAccountManagerId' ? colleagueName(String(value)) : String(value);
  };
  return html`
    <details id="pf-history" class="card-history" hidden=${history.length === 0}>
      <summary id="pf-history-title">${t('cardHistory', { n: history.length })}</summary>
      <ul id="pf-history-list" class="card-history-list">
        ${history.map((entry) => {
          const changes = Object.entries(entry.changes).map(([field, change]) =>
            t('cardChange', { field: field in LABELS ? t(/** @type {string} */ (LABELS[field])) : field, from: shown(field, change.from), to: shown(field, change.to) }),
          );
          return html`<li class="small">${t('cardHistoryEntry', { name: entry.staff?.name ?? t('someone'), time: when(entry.createdAt), changes: changes.join('; ') })}</li>`;
        })}
      </ul>
    </details>
  `;
}
