// @ts-check
// Canned replies in both languages: the select lists the staff member's, the `/` picker inserts
// the customer's (and finds a reply by its title in either). Variables are filled by canned-text.js.

import { api } from '../../assets/kit/api.js';
import { language } from '../../assets/kit/i18n.js';
import { update } from './console-store.js';

/** @param {'zh' | 'en'} lang */
async function repliesIn(lang) {
  try {
    return /** @type {{ id: string, title: string, text: string }[]} */ ((await api('GET', `/api/staff/canned-replies?lang=${lang}`)).replies);
  } catch {
    return [];
  }
}

export async function loadCanned() {
  const [zh, en] = await Promise.all([repliesIn('zh'), repliesIn('en')]);
  update({ canned: language() === 'zh' ? zh : en, cannedByLang: { zh, en } });
}
