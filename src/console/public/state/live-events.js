// @ts-check
// The console's one live stream (/api/staff/events): queue changes, messages, typing, status,
// crisis and SLA events, with the "live" indicator. Anything missed while it was down is read
// again once it is back (this stream has no event ids to resume from).

import { api } from '../../assets/kit/api.js';
import { connectLive } from '../../assets/kit/live.js';
import { getState, update } from './console-store.js';
import { refreshQueues, scheduleRefresh } from './queue.js';
import { loadConversation, receiveMessage, showTyping } from './conversation.js';
import { onCrisisEvent, refreshCrisis } from './crisis.js';
import { onSlaBreach } from './sla.js';

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
    beforeReconnect: () => api('GET', '/api/staff/me').then(() => true, () => false),
    events: {
      ready: () => {
        void refreshQueues();
        void refreshCrisis();
        const id = getState().openId;
        if (id) void loadConversation(id);
      },
      queue: () => scheduleRefresh(),
      crisis: onCrisisEvent,
      sla: (event) => {
        onSlaBreach(event);
        scheduleRefresh();
      },
      message: receiveMessage,
      typing: showTyping,
      status: (event) => {
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
