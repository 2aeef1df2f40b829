// @ts-check
// What every status means, in the order a follow-up goes through them, behind a disclosure.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';

const STATUSES = ['waiting', 'scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'missed'];

export function StatusLegend() {
  return html`
    <details id="status-legend" class="status-legend">
      <summary>${t('jobs.legend')}</summary>
      <dl id="status-list">
        ${STATUSES.map(
          (status) => html`
            <dt key=${`dt-${status}`} class=${`status status-${status}`}>${t(`jobs.status.${status}`)}</dt>
            <dd key=${`dd-${status}`} class="muted small">${t(`jobs.statusHelp.${status}`)}</dd>
          `,
        )}
      </dl>
    </details>
  `;
}
