// @ts-check
// The console's keyboard shortcuts, pure: which action a key press stands for where it was typed,
// and which conversation is next or previous in the list on screen. Single letters are ignored in
// text fields (they are typing); Escape in the reply box is the one key taken there, to leave it.

/**
 * @typedef {'next' | 'previous' | 'takeover' | 'close' | 'reply' | 'leaveComposer' | 'help'} KeyAction
 * @typedef {{ key: string, altKey: boolean, ctrlKey: boolean, metaKey: boolean, shiftKey?: boolean, isComposing?: boolean }} KeyPress
 * @typedef {{ inField: boolean, inComposer: boolean, dialogOpen: boolean }} KeyPlace
 */

/** The shortcuts in the order the help lists them: keys as shown, and the action. */
export const SHORTCUTS = /** @type {const} */ ([
  { keys: ['j', 'Alt+↓'], action: 'next' },
  { keys: ['k', 'Alt+↑'], action: 'previous' },
  { keys: ['t'], action: 'takeover' },
  { keys: ['c'], action: 'close' },
  { keys: ['r'], action: 'reply' },
  { keys: ['Esc'], action: 'leaveComposer' },
  { keys: ['?'], action: 'help' },
]);

/** @type {Record<string, KeyAction>} */
const LETTERS = { j: 'next', k: 'previous', t: 'takeover', c: 'close', r: 'reply', '?': 'help' };

/**
 * The action a key press stands for, or null when the page should let it be: anything with Ctrl
 * or ⌘ (the browser's and the screen reader's), letters typed in a field, and everything while a
 * dialog is open (it has its own keys; Escape closes it).
 * @param {KeyPress} press
 * @param {KeyPlace} place
 * @returns {KeyAction | null}
 */
export function keyAction(press, place) {
  if (press.isComposing || press.ctrlKey || press.metaKey || place.dialogOpen) return null;
  if (press.key === 'Escape') return place.inComposer && !press.altKey ? 'leaveComposer' : null;
  if (place.inField) return null;
  if (press.altKey) {
    if (press.key === 'ArrowDown') return 'next';
    if (press.key === 'ArrowUp') return 'previous';
    return null;
  }
  // Shift only as part of `?` (a capital letter is not a shortcut: Caps Lock should not act).
  if (press.shiftKey && press.key !== '?') return null;
  return LETTERS[press.key] ?? null;
}

/**
 * The conversation `step` places away from the open one in the list as shown (first or last when
 * none of the list is open); stays at the ends rather than wrapping round.
 * @param {string[]} ids
 * @param {string | null} openId
 * @param {1 | -1} step
 * @returns {string | null}
 */
export function neighbourId(ids, openId, step) {
  if (ids.length === 0) return null;
  const at = openId === null ? -1 : ids.indexOf(openId);
  if (at === -1) return step === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))] ?? null;
}
