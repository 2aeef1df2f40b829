// @ts-check
// The toast line at the top of the console: one short message at a time (components/toast.js shows it).

import { update } from './console-store.js';

let next = 0;

/** @param {string} text */
export function showToast(text) {
  update({ toast: { text, id: ++next } });
}
