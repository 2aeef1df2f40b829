// @ts-check
// Canned replies in the staff member's language (their variables are filled by canned-text.js).

import { api } from '../../assets/kit/api.js';
import { language } from '../../assets/kit/i18n.js';
import { update } from './console-store.js';

export async function loadCanned() {
  try {
    update({ canned: (await api('GET', `/api/staff/canned-replies?lang=${language()}`)).replies });
  } catch {
    update({ canned: [] });
  }
}
