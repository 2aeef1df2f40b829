/* global setTimeout, clearTimeout */
// The toast of the console's other pages (jobs, audit, customers, webhooks): one short message in
// their #toast line for six seconds. The main console has its own (components/toast.js).

import { $ } from './dom.js';

let toastTimer = 0;
export function toast(text) {
  const node = $('#toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 6000);
}
