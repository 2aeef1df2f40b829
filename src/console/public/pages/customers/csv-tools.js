// @ts-check
// Supervisors' CSV tools on the customers page: export what the list shows (customers or their
// orders), and import a file of customers or orders, checked first if wished, with a progress bar
// while it uploads and is checked, and every rejected row listed by line and field.

import { html, useRef, useState } from '../../vendor/preact-htm.js';
import { t } from '../../../assets/kit/i18n.js';
import { uploadCsv } from './csv-upload.js';
import { importReport, progressView } from './import-report.js';

const EXPORTS = ['customers', 'orders'];

/** @typedef {import('./import-report.js').ImportReport} ImportReport */
/** @typedef {import('./import-report.js').Wording} Wording */

/**
 * @param {{ query: URLSearchParams, onImported: () => void, toast: (text: string) => void }} props
 *   `query` holds the list's filters (the exports follow them); onImported refreshes the list.
 */
export function CsvTools({ query, onImported, toast }) {
  const kind = useRef(/** @type {HTMLSelectElement | null} */ (null));
  const fileInput = useRef(/** @type {HTMLInputElement | null} */ (null));
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(/** @type {import('./customer-wire.js').ImportProgress | null} */ (null));
  const [report, setReport] = useState(/** @type {ImportReport | null} */ (null));
  const [error, setError] = useState(/** @type {Wording | { text: string } | null} */ (null));

  /** @param {boolean} dryRun */
  const runImport = async (dryRun) => {
    const file = fileInput.current?.files?.[0];
    setError(file ? null : { key: 'customers.csv.pickFile' });
    if (!file) return;
    setReport(null);
    setBusy(true);
    setProgress({ phase: 'reading', bytesRead: 0, totalBytes: file.size, rowsRead: 0, rowsWritten: 0, rowsToWrite: 0 });
    try {
      const { status, body } = await uploadCsv({ kind: kind.current?.value ?? 'customers', file, dryRun, onProgress: setProgress });
      const answer = importReport(status, body, dryRun);
      setReport(answer);
      setError(answer.error);
      if (answer.toast) toast(say(answer.toast));
      if (status >= 200 && status < 300 && !dryRun) onImported();
    } catch {
      setError({ key: 'errorNetwork' });
    } finally {
      setProgress(null);
      setBusy(false);
    }
  };

  const filters = query.toString();
  const bar = progress && progressView(progress);
  const status = report ? report.status : bar?.status;
  return html`
    <section id="csv-tools" class="card" aria-labelledby="csv-title">
      <h2 id="csv-title">${t('customers.csv.title')}</h2>
      <div class="jobs-bar">
        ${EXPORTS.map(
          (what) =>
            html`<a key=${what} id=${`export-${what}`} class="btn" href=${`/api/staff/exports/${what}.csv${filters ? `?${filters}` : ''}`} download
              >${t(`customers.csv.export${what === 'customers' ? 'Customers' : 'Orders'}`)}</a
            >`,
        )}
        <span class="muted small">${t('customers.csv.exportNote')}</span>
      </div>
      <div class="jobs-bar">
        <label
          ><span>${t('customers.csv.kind')}</span> <select id="import-kind" ref=${kind} disabled=${busy}>
            <option value="customers">${t('customers.csv.kind.customers')}</option>
            <option value="orders">${t('customers.csv.kind.orders')}</option>
          </select></label
        >
        <input id="import-file" type="file" accept=".csv,text/csv" aria-label=${t('customers.csv.file')} ref=${fileInput} disabled=${busy} />
        <button id="import-check" class="btn" type="button" disabled=${busy} onClick=${() => void runImport(true)}>${t('customers.csv.check')}</button>
        <button id="import-run" class="btn btn-primary" type="button" disabled=${busy} onClick=${() => void runImport(false)}>${t('customers.csv.import')}</button>
      </div>
      <p class="muted small">${t('customers.csv.importNote')}</p>
      ${bar && html`<progress id="import-progress" max=${bar.max} value=${bar.value}></progress>`}
      <p id="import-status" class="muted" aria-live="polite">${status && say(status)}</p>
      <p id="import-error" class="error" role="alert">${error && say(error)}</p>
      <ul id="import-rejections" class="contacts">
        ${report?.rejections.map((r, i) => html`<li key=${i} data-line=${String(r.line)}>${t('customers.csv.rejection', { line: r.line, field: r.field, message: r.message })}</li>`)}
      </ul>
    </section>
  `;
}

/** @param {Wording | { text: string }} wording */
function say(wording) {
  return 'text' in wording ? wording.text : t(wording.key, wording.vars);
}
