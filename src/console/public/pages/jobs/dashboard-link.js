// @ts-check
// The top bar's link to the BullMQ job dashboard (/console/queues), which only admins may open.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';

/** @param {import('../page-shell.js').Staff | null} me */
export function dashboardLink(me) {
  return me?.role === 'admin' && html`<a id="dashboard" class="btn btn-ghost" href="/console/queues">${t('jobs.dashboard')}</a>`;
}
