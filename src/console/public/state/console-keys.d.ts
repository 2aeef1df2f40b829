// Types of console-keys.js for the TypeScript tests that import it (the browser loads the .js).

export type KeyAction = 'next' | 'previous' | 'takeover' | 'close' | 'reply' | 'leaveComposer' | 'help';
export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
  isComposing?: boolean;
}
export interface KeyPlace {
  inField: boolean;
  inComposer: boolean;
  dialogOpen: boolean;
}
export const SHORTCUTS: readonly { keys: readonly string[]; action: KeyAction }[];
export function keyAction(press: KeyPress, place: KeyPlace): KeyAction | null;
export function neighbourId(ids: string[], openId: string | null, step: 1 | -1): string | null;
