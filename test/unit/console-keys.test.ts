// The console's keyboard shortcuts, pure: which key press means which action where it was typed
// (letters never while typing in a field, Escape only to leave the reply box, nothing with Ctrl or
// ⌘ or while a dialog is open), and the next or previous conversation in the list as shown.

import { describe, expect, it } from 'vitest';
import { keyAction, neighbourId, SHORTCUTS } from '../../src/console/public/state/console-keys.js';

const press = (key: string, mods: { alt?: boolean; ctrl?: boolean; meta?: boolean; shift?: boolean; composing?: boolean } = {}) => ({
  key,
  altKey: mods.alt ?? false,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  isComposing: mods.composing ?? false,
});
const onPage = { inField: false, inComposer: false, dialogOpen: false };
const inComposer = { inField: true, inComposer: true, dialogOpen: false };
const inOtherField = { inField: true, inComposer: false, dialogOpen: false };

describe('key → action', () => {
  it('maps the documented keys on the page', () => {
    expect(keyAction(press('j'), onPage)).toBe('next');
    expect(keyAction(press('k'), onPage)).toBe('previous');
    expect(keyAction(press('ArrowDown', { alt: true }), onPage)).toBe('next');
    expect(keyAction(press('ArrowUp', { alt: true }), onPage)).toBe('previous');
    expect(keyAction(press('t'), onPage)).toBe('takeover');
    expect(keyAction(press('c'), onPage)).toBe('close');
    expect(keyAction(press('r'), onPage)).toBe('reply');
    expect(keyAction(press('?', { shift: true }), onPage)).toBe('help');
  });

  it('lets letters typed in the reply box or any other field be typing', () => {
    for (const key of ['j', 'k', 't', 'c', 'r', '?']) {
      expect(keyAction(press(key), inComposer)).toBeNull();
      expect(keyAction(press(key), inOtherField)).toBeNull();
    }
    expect(keyAction(press('ArrowDown', { alt: true }), inComposer)).toBeNull();
  });

  it('takes Escape only in the reply box, to leave it', () => {
    expect(keyAction(press('Escape'), inComposer)).toBe('leaveComposer');
    expect(keyAction(press('Escape'), inOtherField)).toBeNull();
    expect(keyAction(press('Escape'), onPage)).toBeNull();
  });

  it('leaves the browser’s and screen reader’s own combinations, capitals, IME input and open dialogs alone', () => {
    expect(keyAction(press('r', { ctrl: true }), onPage)).toBeNull();
    expect(keyAction(press('c', { meta: true }), onPage)).toBeNull();
    expect(keyAction(press('j', { alt: true }), onPage)).toBeNull();
    expect(keyAction(press('ArrowLeft', { alt: true }), onPage)).toBeNull();
    expect(keyAction(press('ArrowDown'), onPage)).toBeNull();
    expect(keyAction(press('T', { shift: true }), onPage)).toBeNull();
    expect(keyAction(press('j', { composing: true }), onPage)).toBeNull();
    expect(keyAction(press('j'), { ...onPage, dialogOpen: true })).toBeNull();
    expect(keyAction(press('Escape'), { ...inComposer, dialogOpen: true })).toBeNull();
  });

  it('lists every action in the help', () => {
    expect(SHORTCUTS.map((s) => s.action).sort()).toEqual(['close', 'help', 'leaveComposer', 'next', 'previous', 'reply', 'takeover']);
  });
});

describe('next and previous conversation', () => {
  const ids = ['a', 'b', 'c'];
  it('moves one row down or up from the open one', () => {
    expect(neighbourId(ids, 'b', 1)).toBe('c');
    expect(neighbourId(ids, 'b', -1)).toBe('a');
  });
  it('starts at the top (next) or the bottom (previous) when none of the list is open', () => {
    expect(neighbourId(ids, null, 1)).toBe('a');
    expect(neighbourId(ids, null, -1)).toBe('c');
    expect(neighbourId(ids, 'elsewhere', 1)).toBe('a');
  });
  it('stays at the ends rather than wrapping round', () => {
    expect(neighbourId(ids, 'c', 1)).toBe('c');
    expect(neighbourId(ids, 'a', -1)).toBe('a');
  });
  it('has nowhere to go in an empty list', () => {
    expect(neighbourId([], null, 1)).toBeNull();
  });
});
