// @ts-check
// "Please confirm" before rotating a secret or deleting an endpoint. Yes, No and Escape all close
// it; only Yes answers true.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { useModal } from '../../components/use-modal.js';

/** @typedef {{ action: import('./endpoint-actions.js').ConfirmedAction, url: string }} Question */

/**
 * Open while `question` is set.
 * @param {{ question: Question | null, onAnswer: (yes: boolean) => void }} props
 */
export function ConfirmDialog({ question, onAnswer }) {
  const dialog = useModal(question !== null);
  const answer = () => {
    const node = dialog.current;
    const yes = node?.returnValue === 'yes';
    // Escape closes without a value: the next question must not inherit this answer.
    if (node) node.returnValue = '';
    onAnswer(yes);
  };
  return html`
    <dialog id="confirm-dialog" class="card" aria-labelledby="confirm-title" aria-describedby="confirm-text" ref=${dialog} onClose=${answer}>
      <form id="confirm-form" class="stack" method="dialog">
        <h2 id="confirm-title">${t('webhooks.confirm.title')}</h2>
        <p id="confirm-text">${question && t(`webhooks.confirm.${question.action}`, { url: question.url })}</p>
        <button id="confirm-yes" class="btn btn-danger" type="submit" value="yes">${question && t(`webhooks.action.${question.action}`)}</button>
        <button id="confirm-no" class="btn btn-ghost" type="submit" value="no" autofocus>${t('webhooks.cancel')}</button>
      </form>
    </dialog>
  `;
}
