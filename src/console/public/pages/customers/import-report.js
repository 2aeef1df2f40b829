// @ts-check
// What the CSV tools show while an import runs and once it answered, as wording keys and their
// values (drawn in the current language): the progress bar and phase, then the summary, the
// problems by line and field, or the error. Pure.

/** @typedef {import('./customer-wire.js').ImportProgress} ImportProgress */
/** @typedef {import('./customer-wire.js').ImportAnswer} ImportAnswer */
/** @typedef {import('./customer-wire.js').Rejection} Rejection */
/** @typedef {{ key: string, vars?: Record<string, string | number> }} Wording */
/**
 * @typedef {{ status: Wording | null, error: Wording | { text: string } | null, toast: Wording | null, rejections: Rejection[] }} ImportReport
 *   The status line, the error line, the toast when rows were written, and the problems to list.
 */

/** The rejected rows listed; the status line gives the whole count. */
const SHOWN_REJECTIONS = 100;

/**
 * The bar and the phase line: bytes while the file is read, rows once they are written.
 * @param {ImportProgress} progress
 * @returns {{ max: number, value: number, status: Wording }}
 */
export function progressView(progress) {
  const writing = progress.phase === 'writing' && progress.rowsToWrite > 0;
  return {
    max: writing ? progress.rowsToWrite : (progress.totalBytes ?? 1),
    value: writing ? progress.rowsWritten : progress.bytesRead,
    status: { key: `customers.csv.phase.${progress.phase}`, vars: { rows: progress.rowsRead, written: progress.rowsWritten, of: progress.rowsToWrite } },
  };
}

/**
 * @param {number} status the HTTP status of the import
 * @param {ImportAnswer} body
 * @param {boolean} dryRun
 * @returns {ImportReport}
 */
export function importReport(status, body, dryRun) {
  const rejections = (body.rejected ?? []).slice(0, SHOWN_REJECTIONS);
  if (status >= 200 && status < 300) {
    const counts = { key: dryRun ? 'customers.csv.checked' : 'customers.csv.done', vars: { imported: body.imported ?? 0, updated: body.updated ?? 0, rows: body.rows ?? 0 } };
    return { status: counts, error: null, toast: dryRun ? null : counts, rejections };
  }
  if (rejections.length > 0) return { status: { key: 'customers.csv.rejected', vars: { n: body.rejectedTotal ?? body.rejected?.length ?? 0 } }, error: null, toast: null, rejections };
  return { status: null, error: { text: body.error?.message ?? `HTTP ${status}` }, toast: null, rejections };
}
