// @ts-check
// Sends a CSV file of customers or orders to the import (as text/csv, so with the CSRF token by
// hand) and, while the server reads, matches and writes it, asks for its progress.

import { csrfToken } from '../page-shell.js';

const POLL_MS = 400;

/** @typedef {import('./customer-wire.js').ImportProgress} ImportProgress */
/** @typedef {import('./customer-wire.js').ImportAnswer} ImportAnswer */

/**
 * Resolves with the import's HTTP status and answer once it is done (a refusal included); rejects
 * when the network fails. `onProgress` hears of each progress read until then.
 * @param {{ kind: string, file: File, dryRun: boolean, onProgress: (progress: ImportProgress) => void }} options
 * @returns {Promise<{ status: number, body: ImportAnswer }>}
 */
export async function uploadCsv({ kind, file, dryRun, onProgress }) {
  const importId = crypto.randomUUID();
  let finished = false;
  const poll = async () => {
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const response = await fetch(`/api/staff/imports/${importId}`, { credentials: 'same-origin' }).catch(() => null);
      const body = response?.ok ? await response.json().catch(() => null) : null;
      if (!finished && body) onProgress(body.import);
    }
  };
  // It stops by itself within one pause once the import answered, and never throws.
  void poll();
  try {
    const response = await fetch(`/api/staff/imports/${encodeURIComponent(kind)}?dryRun=${dryRun}&importId=${importId}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': csrfToken() },
      body: file,
    });
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
  } finally {
    finished = true;
  }
}
