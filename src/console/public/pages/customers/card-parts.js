// @ts-check
// The card's four parts (seed 000): basic information, characteristics, business status with the
// rule behind each segment, and transactions. A line due for review carries a flag, a value the
// system inferred says so.

import { html } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { channelLabel, languageLabel, when } from '../../console-labels.js';
import { lifecycleLabel, loyaltyLabel, money, withReason } from './customer-labels.js';

/** @typedef {import('./customer-wire.js').CustomerCard} CustomerCard */
/**
 * @typedef {{ label: string, value: string | null | undefined, fields?: string[] }} Line A line's wording key, its
 *   value, and the card fields behind it (what the review flags and confirmations name).
 * @typedef {{ id: string, title: string, lines: Line[] }} Part
 */

/**
 * The four parts of a card, as lines in the current language.
 * @param {CustomerCard} card
 * @returns {Part[]}
 */
export function cardParts(card) {
  const { basic, characteristics: ch, business: b, transactions: tx } = card;
  const last = tx.lastOrder;
  const preferences = Object.entries(ch.preferences).map(([key, value]) => `${key}: ${String(value)}`);
  return [
    {
      id: 'part-basic',
      title: 'customers.card.basic',
      lines: [
        { label: 'customers.field.name', value: basic.name, fields: ['name'] },
        { label: 'customers.field.phones', value: basic.phones.join(', '), fields: ['phone', 'phones'] },
        { label: 'customers.field.emails', value: basic.emails.join(', '), fields: ['email', 'emails'] },
        { label: 'customers.field.address', value: basic.address, fields: ['address'] },
        { label: 'customers.field.birthday', value: basic.birthday, fields: ['birthday'] },
        { label: 'customers.field.organization', value: basic.organization, fields: ['organization'] },
        { label: 'customers.field.contactPerson', value: basic.contactPerson, fields: ['contactPerson'] },
        { label: 'customers.field.externalId', value: card.externalId },
      ],
    },
    {
      id: 'part-characteristics',
      title: 'customers.card.characteristics',
      lines: [
        { label: 'customers.field.locale', value: languageLabel(ch.locale), fields: ['locale'] },
        { label: 'customers.field.timezone', value: ch.timezone, fields: ['timezone'] },
        { label: 'customers.field.country', value: ch.country, fields: ['country'] },
        { label: 'customers.field.channels', value: ch.channels.map(channelLabel).join(', ') },
        { label: 'customers.field.preferences', value: preferences.join('; '), fields: ['preferences'] },
        { label: 'customers.field.tags', value: ch.tags.join(', '), fields: ['tags'] },
      ],
    },
    {
      id: 'part-business',
      title: 'customers.card.business',
      lines: [
        { label: 'customers.field.tier', value: withReason(`${b.tier}${b.tierPinned ? ` (${t('customers.card.pinned')})` : ''}`, b.tierReason) },
        { label: 'customers.field.lifecycle', value: withReason(lifecycleLabel(b.lifecycleStage), b.lifecycleReason) },
        { label: 'customers.field.loyalty', value: withReason(loyaltyLabel(b.loyalty), b.loyaltyReason) },
        { label: 'customers.field.keyAccountManager', value: b.needsKeyAccountManager ? t('customers.card.needsManager') : (b.keyAccountManager?.name ?? null) },
        { label: 'customers.field.creditNote', value: b.creditNote, fields: ['creditNote'] },
      ],
    },
    {
      id: 'part-transactions',
      title: 'customers.card.transactions',
      lines: [
        { label: 'customers.field.orders', value: String(tx.orders) },
        { label: 'customers.field.total', value: money(tx.totalCents, last?.currency) },
        { label: 'customers.field.last12Months', value: money(tx.last12MonthsCents, last?.currency) },
        { label: 'customers.field.lastOrder', value: last ? `${last.number} · ${when(last.placedAt)} · ${money(last.amountCents, last.currency)}` : null },
        { label: 'customers.field.complaints', value: String(tx.complaints) },
        { label: 'customers.field.satisfaction', value: tx.satisfactionAverage === null ? null : t('customers.card.satisfaction', { score: tx.satisfactionAverage, n: tx.surveys }) },
      ],
    },
  ];
}

/** @param {{ card: CustomerCard }} props */
export function CardParts({ card }) {
  return html`
    <div class="card-parts">
      ${cardParts(card).map(
        (part) => html`<section key=${part.id}>
          <h3>${t(part.title)}</h3>
          <dl id=${part.id}>${part.lines.map((line) => html`<${CardLine} key=${line.label} card=${card} line=${line} />`)}</dl>
        </section>`,
      )}
    </div>
  `;
}

/** One line of a part: its label, its value, and a flag when the field is due for review. */
function CardLine(/** @type {{ card: CustomerCard, line: Line }} */ { card, line }) {
  const fields = line.fields ?? [];
  const stale = fields.some((field) => card.staleFields.includes(field));
  const confirmed = fields.map((field) => card.fieldConfirmations[field]).find(Boolean);
  const empty = line.value === null || line.value === undefined || line.value === '';
  const value = empty ? html`<span class="muted">—</span>` : line.value;
  const inferred = confirmed?.by === 'inferred' && html`<span class="muted small">${` (${t('customers.card.inferred')})`}</span>`;
  const flag = stale && html`<span class="badge stale" data-stale=${fields.join(' ')}>${t('customers.card.stale')}</span>`;
  return html`
    <dt>${t(line.label)}</dt>
    <dd data-field=${fields[0]}>${value}${inferred}${flag}</dd>
  `;
}
