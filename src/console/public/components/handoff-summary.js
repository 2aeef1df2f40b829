// @ts-check
// The bot's handoff summary: why and how urgent, then short prose in the staff member's language
// (older escalations have it in English only). Folds away.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { reasonLabel } from '../console-labels.js';

/** @param {{ handoff: { reason: string, priority: number, summary: string, summaries?: Record<string, string> }, lang: string }} props */
export function HandoffSummary({ handoff, lang }) {
  return html`
    <details id="handoff" class="handoff" open>
      <summary><span class="handoff-title">${t('handoff')}</span> <span id="handoff-text"><strong>${reasonLabel(handoff.reason)} · P${handoff.priority}</strong></span></summary>
      <p id="handoff-summary" class="handoff-summary">${handoff.summaries?.[lang] ?? handoff.summary}</p>
    </details>
  `;
}
