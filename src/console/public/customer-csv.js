// Supervisors' CSV tools on the customers page: export what the filters show (customers or their
// orders), and import a file of customers or orders with a dry run first, a progress bar while it
// uploads and is checked, and every rejected row listed by line and field. Agents see neither.

import { t } from '../assets/kit/i18n.js';
import { $, el } from './dom.js';
import { csrfToken, isSupervisor, toast } from './page-frame.js';

const POLL_MS = 400;
const SHOWN_REJECTIONS = 100;

/** Shows the section for supervisors and admins; `currentQuery` gives the list's filters now, `reload` refreshes the list. */
export function setUpCsvTools(currentQuery, reload) {
  if (!isSupervisor()) return;
  $('#csv-tools').hidden = false;
  const exportLink = (kind) => () => {
    const query = currentQuery().toString();
    $(`#export-${kind}`).href = `/api/staff/exports/${kind}.csv${query ? `?${query}` : ''}`;
  };
  for (const kind of ['customers', 'orders']) {
    $(`#export-${kind}`).addEventListener('click', exportLink(kind));
    exportLink(kind)();
  }
  $('#import-check').addEventListener('click', () => void runImport(true, reload));
  $('#import-run').addEventListener('click', () => void runImport(false, reload));
}

async function runImport(dryRun, reload) {
  const file = $('#import-file').files[0];
  $('#import-error').textContent = '';
  if (!file) {
    $('#import-error').textContent = t('customers.csv.pickFile');
    return;
  }
  const kind = $('#import-kind').value;
  const importId = crypto.randomUUID();
  setBusy(true);
  showProgress({ phase: 'reading', bytesRead: 0, totalBytes: file.size, rowsRead: 0, rowsWritten: 0, rowsToWrite: 0 });
  let finished = false;
  const poll = async () => {
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const response = await fetch(`/api/staff/imports/${importId}`, { credentials: 'same-origin' }).catch(() => null);
      if (!finished && response?.ok) showProgress((await response.json()).import);
    }
  };
  const polling = poll();
  try {
    const response = await fetch(`/api/staff/imports/${kind}?dryRun=${dryRun}&importId=${importId}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': csrfToken() },
      body: file,
    });
    const body = await response.json().catch(() => ({}));
    finished = true;
    showResult(response.status, body, dryRun);
    if (response.ok && !dryRun) await reload();
  } catch {
    finished = true;
    $('#import-error').textContent = t('errorNetwork');
  } finally {
    await polling;
    setBusy(false);
  }
}

function setBusy(busy) {
  for (const id of ['#import-check', '#import-run', '#import-file', '#import-kind']) $(id).disabled = busy;
}

function showProgress(progress) {
  const bar = $('#import-progress');
  bar.hidden = false;
  const writing = progress.phase === 'writing' && progress.rowsToWrite > 0;
  bar.max = writing ? progress.rowsToWrite : (progress.totalBytes ?? 1);
  bar.value = writing ? progress.rowsWritten : progress.bytesRead;
  $('#import-status').textContent = t(`customers.csv.phase.${progress.phase}`, { rows: progress.rowsRead, written: progress.rowsWritten, of: progress.rowsToWrite });
}

function showResult(status, body, dryRun) {
  $('#import-progress').hidden = true;
  const rejected = body.rejected ?? [];
  if (status >= 200 && status < 300) {
    $('#import-status').textContent = t(dryRun ? 'customers.csv.checked' : 'customers.csv.done', { imported: body.imported, updated: body.updated, rows: body.rows });
    if (!dryRun) toast(t('customers.csv.done', { imported: body.imported, updated: body.updated, rows: body.rows }));
  } else if (rejected.length > 0) {
    $('#import-status').textContent = t('customers.csv.rejected', { n: body.rejectedTotal ?? rejected.length });
  } else {
    $('#import-status').textContent = '';
    $('#import-error').textContent = body.error?.message ?? `HTTP ${status}`;
  }
  $('#import-rejections').replaceChildren(
    ...rejected.slice(0, SHOWN_REJECTIONS).map((r) => el('li', { 'data-line': String(r.line), text: t('customers.csv.rejection', { line: r.line, field: r.field, message: r.message }) })),
  );
}
