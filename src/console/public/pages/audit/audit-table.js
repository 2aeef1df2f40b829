// @ts-check
// The audit log's rows: when, who (a staff member, or the bot, the system, the customer), what,
// on which record, and the details as recorded.

import { html } from '../../vendor/preact-htm.js';
import { locale, t } from '../../../assets/kit/i18n.js';

/**
 * @typedef {{ id: string, createdAt: string, actorType: string, actorId: string | null, actorName?: string | null,
 *   action: string, entity: string, entityId: string, details: unknown }} AuditEntry
 */

/** @param {string} iso */
function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

/** @param {AuditEntry} entry */
function actorLabel(entry) {
  if (entry.actorType === 'staff') return entry.actorName ?? entry.actorId ?? '';
  return t(`audit.actor.${entry.actorType}`);
}

export function AuditTable(/** @type {{ entries: AuditEntry[] }} */ { entries }) {
  return html`
    <table class="jobs-table">
      <thead>
        <tr>
          <th>${t('audit.col.time')}</th>
          <th>${t('audit.col.actor')}</th>
          <th>${t('audit.col.action')}</th>
          <th>${t('audit.col.entity')}</th>
          <th>${t('audit.col.details')}</th>
        </tr>
      </thead>
      <tbody id="rows">
        ${entries.map(
          (entry) => html`<tr key=${entry.id} data-id=${entry.id}>
            <td class="small">${when(entry.createdAt)}</td>
            <td title=${entry.actorId ?? undefined}>${actorLabel(entry)}</td>
            <td>${entry.action}</td>
            <td class="small">${entry.entity} ${entry.entityId}</td>
            <td class="muted small audit-details">${JSON.stringify(entry.details)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
