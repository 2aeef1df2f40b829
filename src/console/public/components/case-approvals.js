// @ts-check
// On a case in the cases panel: the refunds and vouchers on it still waiting for a supervisor
// (the agent's own; a supervisor sees everyone's), with the amount and the tier's cap.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { useConsoleState } from '../state/console-store.js';
import { money } from '../state/approvals.js';

export function CaseApprovals(/** @type {{ caseId: string }} */ { caseId }) {
  const pending = useConsoleState().approvals.filter((a) => a.caseId === caseId);
  if (pending.length === 0) return null;
  return html`
    <ul class="case-approvals" aria-label=${t('approvals.waitingLabel')}>
      ${pending.map(
        (a) => html`<li key=${a.id} class="approval-waiting" data-approval-id=${a.id}>
          <strong>${t('approvals.waiting')}</strong> <span>${t('approvals.waitingWhat', { kind: t(`kind.${a.kind}`), amount: money(a.amountCents, a.currency) })}</span> ${a.capCents !== null && html`<span class="muted small">(${t('approvals.cap', { cap: money(a.capCents, a.currency) })})</span>`}
        </li>`,
      )}
    </ul>
  `;
}
