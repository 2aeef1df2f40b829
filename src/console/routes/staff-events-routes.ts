// The console's one live stream (Server-Sent Events): every conversation's messages, typing and
// status, plus a `queue` event whenever a conversation changes status (escalated, taken over,
// handed back, closed), its urgency or its assignee, so the console refreshes its queue without polling.
// Staff's notes and case work (commitments, outcomes, callbacks) come from their own channel, never
// the conversation's, which customers' streams hear too.
// The stream ends with its sign-in: at once when the session is destroyed (sign-out, password
// change, account disabled — on any instance), and at the next heartbeat when the session is gone
// or the account disabled some other way.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConversationEvent } from '../../conversation/events.ts';
import type { HttpServices } from '../../http/services.ts';
import { SseStream } from '../../http/sse-stream.ts';
import type { ApprovalEvent } from '../approvals/approval-events.ts';
import { hasRole, signedIn, type SignedInStaff } from '../auth/staff-auth.ts';
import { errorSchema, messageWire } from './wire-schemas.ts';

export const staffEventsRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.get(
    '/api/staff/events',
    {
      schema: {
        summary: 'Live events of all conversations (Server-Sent Events): ready, queue, message, typing, status, note, case, crisis, sla, approval',
        description:
          'Each event carries `conversationId`. `queue` ({conversationId, status, escalated, previousStatus?, priority?, queueReason?}) comes with every status change, with every change of a queued conversation\'s priority, reason or assignee (routing, a supervisor, an expired assignment) and with every change of a conversation\'s labels; `escalated` is true when a conversation joined the queue. `status` carries the same optional fields, and `step` (1–5) when the bot moved a complaint case: the bot\'s own case changes travel there, not as `case`. `typing` ({conversationId, on, author: "bot"|"staff"|"customer"}): a web chat customer\'s typing comes at most once per conversation every 2 s while they type (repeated every few seconds) and `on: false` after a pause or when they send (their message ends it too); Telegram and Bot Framework customers never show as typing. `note` ({conversationId, note: {id, text, staff, createdAt}}) comes when a staff member adds a private note; `case` ({conversationId, caseId, change: "commitment"|"outcome"|"callback", staffId, status?}) when staff record a commitment, set a case outcome (`status` is the case\'s new one) or schedule a callback (`caseId` null when the conversation has no open case): reload the conversation to show it. `crisis` ({type: "detected", signal: {id, dimension, key, count, expected, detectedAt, windowMinutes}} or {type: "changed", change, signalId?, incidentId?}) comes with every new crisis signal and every confirmation, dismissal or close (see GET /api/staff/crises). `sla` ({type: "breached", conversationId, kind: "first_reply"|"resolution", tier, status, dueAt, targetMinutes, assignedStaffId}) comes once when an SLA target of a conversation with people passes (config/sla.yaml). `approval` ({type: "requested"|"approved"|"refused", approval}, the approval as GET /api/staff/approvals lists it) comes when an agent asks a supervisor to approve a refund or voucher above the tier\'s cap and when it is decided: supervisors and admins get every one, an agent those of their own requests. `ready` is sent once the stream is subscribed.',
        tags: ['staff'],
        response: { 401: errorSchema, 429: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { sessions, staff } = services.console;
      const signedInStaff = signedIn(request);
      const { session } = signedInStaff;
      /** The session still exists and its account may still sign in; a failed check (a blip) keeps the stream. */
      const stillSignedIn = async (): Promise<boolean> => {
        try {
          const current = await sessions.get(session.id);
          const account = current ? await staff.findById(current.staffId) : null;
          return account !== null && !account.disabled;
        } catch (error) {
          request.log.warn({ err: error }, 'could not re-check the staff session of a live stream');
          return true;
        }
      };
      const stream = SseStream.open(reply, { slot: services.sse.reserve({ ip: request.ip }), stillAllowed: stillSignedIn, heartbeatMs: services.sse.heartbeatMs });
      const stopWatching = sessions.onEnded(session.id, () => stream.close());
      const unsubscribe = services.events.subscribeAll((conversationId, event) => {
        for (const [name, data] of staffWire(conversationId, event)) stream.send(name, data);
      });
      const stopCrisis = services.console.crisis.events.subscribe((event) => stream.send('crisis', event));
      const stopSla = services.console.sla.events.subscribe((event) => stream.send('sla', event));
      const stopCaseWork = services.console.caseEvents.subscribe((event) => {
        const { type, ...data } = event;
        stream.send(type, data);
      });
      const stopApprovals = services.console.approvals.events.subscribe((event) => {
        if (concernsStaff(event, signedInStaff)) stream.send('approval', event);
      });
      stream.onClose(() => {
        stopWatching();
        unsubscribe();
        stopCrisis();
        stopSla();
        stopCaseWork();
        stopApprovals();
      });
      // Ended between the sign-in check and the watch above, nothing would announce it any more.
      if (!(await stillSignedIn())) {
        stream.close();
        return;
      }
      request.log.debug({ staffId: request.staff?.id }, 'staff event stream opened');
      stream.send('ready', {});
    },
  );
};

/** Supervisors decide every request; an agent follows their own. */
function concernsStaff(event: ApprovalEvent, staff: SignedInStaff): boolean {
  return hasRole(staff, 'supervisor') || event.approval.requestedBy.id === staff.id;
}

/** The SSE events one conversation event becomes on the staff stream. */
function staffWire(conversationId: string, event: ConversationEvent): [string, unknown][] {
  switch (event.type) {
    case 'message':
      return [['message', { ...messageWire(event.message), conversationId }]];
    case 'typing':
      return [['typing', { conversationId, on: event.on, author: event.author }]];
    case 'draft':
      return []; // the bot's live draft is for the customer; staff see the message it becomes
    case 'undelivered':
      return [['undelivered', { conversationId, messageIds: event.messageIds, reason: event.reason }]];
    case 'status': {
      const queue = {
        ...(event.priority !== undefined ? { priority: event.priority } : {}),
        ...(event.queueReason !== undefined ? { queueReason: event.queueReason } : {}),
        ...(event.previousStatus !== undefined ? { previousStatus: event.previousStatus } : {}),
      };
      // Joined the queue just now; a publisher that did not say what came before counts as that.
      const escalated = event.status === 'queued' && event.previousStatus !== 'queued';
      return [
        ['status', { conversationId, status: event.status, ...(event.step !== undefined ? { step: event.step } : {}), ...queue }],
        ['queue', { conversationId, status: event.status, escalated, ...queue }],
      ];
    }
  }
}
