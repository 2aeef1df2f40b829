// @ts-check
// The toast: the latest short message (a new escalation, a saved change, an error), for six seconds.

import { html, useEffect, useState } from '../vendor/preact-htm.js';

const SHOWN_MS = 6000;

export function Toast(/** @type {{ toast: { text: string, id: number } | null }} */ { toast }) {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!toast) return undefined;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast?.id]);
  return html`<p id="toast" class="toast" role="status" aria-live="polite" hidden=${!visible}>${toast?.text ?? ''}</p>`;
}
