// @ts-check
// Records a call, a visit or another contact on the card: what was discussed (required), the
// outcome and the visitor's impressions.

import { html, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { api } from '../../../assets/kit/api.js';
import { FormResult, useSubmit } from '../../components/form-result.js';
import { contactKindLabel } from './customer-labels.js';

const MANUAL_KINDS = ['call', 'visit', 'other'];

/**
 * The contact as the API takes it (empty optional fields left out); null without a summary.
 * @param {HTMLFormElement} form
 */
export function readContact(form) {
  const data = new FormData(form);
  const text = (/** @type {string} */ field) => String(data.get(field) ?? '').trim();
  const [summary, outcome, impressions] = [text('summary'), text('outcome'), text('impressions')];
  if (!summary) return null;
  return { kind: text('kind'), summary, ...(outcome ? { outcome } : {}), ...(impressions ? { impressions } : {}) };
}

/** @param {{ customerId: string, onRecorded: () => void, toast: (text: string) => void }} props */
export function ContactForm({ customerId, onRecorded, toast }) {
  const { busy, result, run, setResult } = useSubmit();
  // Kept as a flag, not as text, so a language switch words it again.
  const [needsSummary, setNeedsSummary] = useState(false);

  /** @param {SubmitEvent} event */
  const submit = (event) => {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const contact = readContact(form);
    setNeedsSummary(!contact);
    if (!contact) {
      setResult({ text: '', ok: false });
      return;
    }
    void run(async () => {
      await api('POST', `/api/staff/customers/${encodeURIComponent(customerId)}/contacts`, contact);
      form.reset();
      toast(t('customers.log.recorded'));
      onRecorded();
    });
  };

  return html`
    <form id="contact-form" class="stack contact-form" novalidate onSubmit=${submit}>
      <label
        ><span>${t('customers.log.kind')}</span> <select id="c-kind" name="kind">
          ${MANUAL_KINDS.map((kind) => html`<option key=${kind} value=${kind}>${contactKindLabel(kind)}</option>`)}
        </select></label
      >
      <label><span>${t('customers.log.summary')}</span> <textarea id="c-summary" name="summary" maxlength="2000" rows="2" required></textarea></label>
      <label><span>${t('customers.log.outcome')}</span> <input id="c-outcome" name="outcome" maxlength="200" autocomplete="off" /></label>
      <label><span>${t('customers.log.impressions')}</span> <textarea id="c-impressions" name="impressions" maxlength="2000" rows="2"></textarea></label>
      <${FormResult} id="contact-error" result=${needsSummary ? { text: t('customers.log.summaryNeeded'), ok: false } : result} />
      <button id="c-submit" class="btn btn-primary" type="submit" disabled=${busy}>${t('customers.log.record')}</button>
    </form>
  `;
}
