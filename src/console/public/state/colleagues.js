// @ts-check
// Enabled colleagues (id, name, role, online): who a supervisor assigns work to, who may be a key
// account manager. Re-read on opening a conversation, since who is online changes all day.

import { api } from '../../assets/kit/api.js';
import { getState, update } from './console-store.js';

export async function loadColleagues() {
  try {
    update({ colleagues: (await api('GET', '/api/staff/colleagues')).colleagues });
  } catch {
    update({ colleagues: [] });
  }
}

/** A colleague's name, or the id when they are not (or no longer) listed. */
export function colleagueName(/** @type {string} */ id) {
  return getState().colleagues.find((c) => c.id === id)?.name ?? id;
}
