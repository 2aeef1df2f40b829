// @ts-check
// A <dialog> shown as a modal while `open` is true and closed when it turns false; the returned
// ref goes on the <dialog>.

import { useEffect, useRef } from '../vendor/preact-htm.js';

/** @param {boolean} open */
export function useModal(open) {
  const dialog = useRef(/** @type {HTMLDialogElement | null} */ (null));
  useEffect(() => {
    const node = dialog.current;
    if (!node) return;
    if (open && !node.open) node.showModal();
    else if (!open && node.open) node.close();
  }, [open]);
  return dialog;
}
