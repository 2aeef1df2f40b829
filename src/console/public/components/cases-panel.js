// @ts-check
// The customer's open cases (step, status, feeling, the order named, the agreed solution, the
// commitments), and the work on them: a commitment, the outcome, a promised callback.

import { html, useState } from '../vendor/preact-htm.js';
import { language, t } from '../../assets/kit/i18n.js';
import { formatMoney } from '../../assets/kit/format.js';
import { when } from '../console-labels.js';
import { CommitmentForm } from './commitment-form.js';
import { OutcomeForm } from './outcome-form.js';
import { CallbackForm } from './callback-form.js';
import { CaseApprovals } from './case-approvals.js';

/** A case's short name: category and reference. */
export const caseName = (/** @type {{ id: string, category: string }} */ kase) => `${kase.category} · ${kase.id.slice(0, 8).toUpperCase()}`;

/** @param {{ conversationId: string, cases: any[] }} props */
export function CasesPanel({ conversationId, cases }) {
  const [picked, setPicked] = useState('');
  const caseId = cases.some((kase) => kase.id === picked) ? picked : (cases[0]?.id ?? '');
  return html`
    <section class="card">
      <h3>${t('cases')}</h3>
      <ul id="cases" class="cases">
        ${cases.length === 0 ? html`<li class="muted">${t('noCases')}</li>` : cases.map((kase) => html`<${CaseItem} key=${kase.id} kase=${kase} />`)}
      </ul>
      ${
        cases.length > 0 &&
        html`<div id="case-work" class="case-work">
        <label for="case-pick">${t('casePick')}</label>
        <select id="case-pick" value=${caseId} onChange=${(/** @type {Event} */ e) => setPicked(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
          ${cases.map((kase) => html`<option key=${kase.id} value=${kase.id}>${caseName(kase)}</option>`)}
        </select>
        <${CommitmentForm} conversationId=${conversationId} caseId=${caseId} />
        <${OutcomeForm} conversationId=${conversationId} caseId=${caseId} />
      </div>`
      }
      <${CallbackForm} conversationId=${conversationId} />
    </section>
  `;
}

function CaseItem(/** @type {{ kase: any }} */ { kase }) {
  return html`
    <li class="case">
      <div class="case-head"><strong>${caseName(kase)}</strong><span class="chip">${t('caseStep', { step: kase.step })}</span></div>
      <div class="steps" aria-hidden="true">${[1, 2, 3, 4, 5].map((n) => html`<span class=${n <= kase.step ? 'on' : ''}></span>`)}</div>
      <div class="muted small">${`${kase.status} · ${kase.emotion}`}</div>
      <${CaseOrder} facts=${kase.facts ?? {}} />
      ${kase.agreedSolution && html`<div class="small">${kase.agreedSolution}</div>`}
      ${
        kase.commitments.length > 0 &&
        html`<ul class="commitments" aria-label=${t('commitments')}>
        ${kase.commitments.map(
          (/** @type {any} */ c) =>
            html`<li key=${c.id} data-status=${c.status}><span>${c.description}</span><span class="muted small">${`${c.status} · ${t('due', { time: when(c.dueAt) })}`}</span></li>`,
        )}
      </ul>`
      }
      <${CaseApprovals} caseId=${kase.id} />
    </li>
  `;
}

/** The order the customer named: found among their own orders, or to be checked by hand. */
function CaseOrder(/** @type {{ facts: any }} */ { facts }) {
  if (!facts.orderNumber) return null;
  if (facts.orderVerified === false) return html`<div class="small case-order unverified" data-order="unverified">${t('caseOrderUnverified', { number: facts.orderNumber })}</div>`;
  const order = facts.order;
  if (!order) return html`<div class="small case-order">${t('caseOrderNumber', { number: facts.orderNumber })}</div>`;
  const amount = formatMoney(order.amountCents, order.currency, language() === 'zh' ? 'zh-CN' : 'en-GB');
  return html`<div class="small case-order" data-order="verified">${t('caseOrderVerified', { number: order.number, date: when(order.placedAt), amount, items: order.items })}</div>`;
}
