// @ts-check
// The console's shortcuts, heard page-wide (state/console-keys.js says which key means what):
// next and previous conversation in the list as shown, take over, close (after the usual
// confirmation), into the reply box and out of it with Escape, and the help under `?`.

import { getState, update } from './console-store.js';
import { keyAction, neighbourId } from './console-keys.js';
import { act, holdsIt, openConversation } from './conversation.js';

/** The queue's rows as drawn (after any search or filter), top to bottom. */
const listedRows = () => [...document.querySelectorAll('#queue .queue-item[data-conversation-id]')];
const listedIds = () => listedRows().map((row) => row.getAttribute('data-conversation-id') ?? '');

/** @param {string} id */
function rowButton(id) {
  const row = listedRows().find((r) => r.getAttribute('data-conversation-id') === id);
  return /** @type {HTMLElement | null} */ (row?.querySelector('.queue-open') ?? null);
}

/** @param {KeyboardEvent} event */
function onKey(event) {
  if (event.defaultPrevented) return;
  const target = event.target instanceof window.HTMLElement ? event.target : null;
  const place = {
    inField: Boolean(target && (target.isContentEditable || target.closest('input, textarea, select'))),
    inComposer: target?.id === 'reply-input',
    dialogOpen: document.querySelector('dialog[open]') !== null,
  };
  const action = keyAction(event, place);
  const { me, view, openId, detail } = getState();
  if (!action || !me || (view === 'staff' && me.role === 'admin')) return;
  const conversation = detail?.conversation;
  switch (action) {
    case 'next':
    case 'previous': {
      const id = neighbourId(listedIds(), openId, action === 'next' ? 1 : -1);
      if (!id) return;
      event.preventDefault();
      if (id !== openId) void openConversation(id);
      const row = rowButton(id);
      row?.focus();
      row?.scrollIntoView({ block: 'nearest' });
      return;
    }
    case 'takeover':
      if (!conversation || conversation.status === 'closed' || holdsIt()) return;
      event.preventDefault();
      void act('takeover');
      return;
    case 'close':
      if (!conversation || conversation.status === 'closed') return;
      event.preventDefault();
      void act('close');
      return;
    case 'reply':
      if (!openId) return;
      event.preventDefault();
      update((s) => ({ composerFocus: s.composerFocus + 1 }));
      return;
    case 'leaveComposer': {
      event.preventDefault();
      target?.blur();
      if (openId) rowButton(openId)?.focus();
      return;
    }
    case 'help':
      event.preventDefault();
      update({ helpOpen: true });
      return;
  }
}

/** Starts listening; the returned function stops. */
export function listenForShortcuts() {
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
