// @ts-check
// The console's one live stream (/api/staff/events): queue changes, messages, typing, status,
// notes and case work, crisis and SLA events, approval requests, with the "live" indicator. Anything missed while it was down is read
// again once it is back (this stream has no event ids to resume from).

import { api } from '../../assets/kit/api.js';
import { connectLive } from '../../assets/kit/live.js';
import { getState, update } from './console-store.js';
import { noteQueueMessage, refreshQueues, scheduleRefresh } from './queue.js';
import { loadConversation, receiveCaseChange, receiveMessage, showTyping } from './conversation.js';
import { receiveNote } from './notes.js';
import { onCrisisEvent, refreshCrisis } from './crisis.js';
import { onSlaBreach } from './sla.js';
import { receiveApproval, refreshApprovals } from './approvals.js';

/** @type {{ close(): void } | null} */
let live = null;

export function connectStaffEvents() {
  live?.close();
  live = connectLive({
    url: '/api/staff/events',
    readyEvent: 'ready',
    backoff: { minMs: 2000, maxMs: 30_000 },
    onState: (state) => update({ live: state === 'on' ? 'on' : 'off' }),
    // Closed for good (a 401, or the server went away): reconnect only while signed in.
    beforeReconnect: () =>
      api('GET', '/api/staff/me').then(
        () => true,
        () => false,
      ),
    events: {
      ready: () => {
        void refreshQueues();
        void refreshCrisis();
        void refreshApprovals();
        const id = getState().openId;
        if (id) void loadConversation(id);
      },
      queue: () => scheduleRefresh(),
      crisis: onCrisisEvent,
      sla: (event) => {
        onSlaBreach(event);
        scheduleRefresh();
      },
      message: (message) => {
        receiveMessage(message);
        noteQueueMessage(message);
      },
      typing: showTyping,
      note: receiveNote,
      case: receiveCaseChange,
      approval: receiveApproval,
      status: (event) => {
        const id = getState().openId;
        if (event.conversationId === id && id) void loadConversation(id);
      },
      // The channel gave up on a message of the open conversation: read it again to mark it.
      undelivered: (event) => {
        const id = getState().openId;
        if (event.conversationId === id && id) void loadConversation(id);
      },
    },
  });
}

export function disconnectStaffEvents() {
  live?.close();
  live = null;
}
