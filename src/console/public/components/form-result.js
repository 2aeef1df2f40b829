// @ts-check
// The one shape of the console's small forms: the submit button waits while the request runs,
// then the form's line shows what the request returned (a success message, if any) or the error
// it threw (the server's words, or the form's own check).

import { html, useState } from '../vendor/preact-htm.js';

/** @typedef {{ text: string, ok: boolean }} Result */

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(/** @type {Result} */ ({ text: '', ok: false }));
  /**
   * @param {() => Promise<string | undefined | void>} request
   * @returns {Promise<boolean>} whether it worked
   */
  async function run(request) {
    setResult({ text: '', ok: false });
    setBusy(true);
    try {
      const message = await request();
      if (message) setResult({ text: message, ok: true });
      return true;
    } catch (failure) {
      if (/** @type {{ status?: number }} */ (failure).status !== 401) setResult({ text: /** @type {Error} */ (failure).message, ok: false });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, result, run, setResult };
}

/** The form's result line (class "error", "error ok" once it worked: the tests and styles read both). */
export function FormResult(/** @type {{ id: string, result: Result }} */ { id, result }) {
  return html`<p id=${id} class=${result.ok ? 'error ok' : 'error'} role="alert">${result.text}</p>`;
}
