// @ts-check
// Staff accounts (admins): the list, changes to one (role, capacity, Telegram link, disabled) and
// new accounts. Each call answers with what to show under the list: "Saved." or the server's words.

import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { update } from './console-store.js';
import { loadColleagues } from './colleagues.js';

/** @typedef {{ text: string, ok: boolean }} Outcome */

/** @param {unknown} failure @returns {Outcome | null} */
const failed = (failure) => (/** @type {{ status?: number }} */ (failure).status === 401 ? null : { text: /** @type {Error} */ (failure).message, ok: false });

/** @returns {Promise<Outcome | null>} */
export async function loadStaff() {
  try {
    update({ staff: (await api('GET', '/api/staff/users')).users });
    return null;
  } catch (failure) {
    update({ staff: [] });
    return failed(failure);
  }
}

/**
 * @param {string} id
 * @param {Record<string, unknown>} changes
 * @returns {Promise<Outcome | null>}
 */
export async function updateStaff(id, changes) {
  try {
    const result = await api('PATCH', `/api/staff/users/${encodeURIComponent(id)}`, changes);
    update((s) => ({ staff: s.staff.map((user) => (user.id === id ? result.user : user)) }));
    await loadColleagues();
    return { text: t('saved'), ok: true };
  } catch (failure) {
    // The list shows the server's values again.
    update((s) => ({ staff: [...s.staff] }));
    return failed(failure);
  }
}

/**
 * Creates an account; throws ApiError when refused.
 * @param {{ email: string, name: string, password: string, role: string }} body
 */
export async function createStaff(body) {
  const result = await api('POST', '/api/staff/users', body);
  update((s) => ({ staff: [...s.staff, result.user] }));
  await loadColleagues();
}
