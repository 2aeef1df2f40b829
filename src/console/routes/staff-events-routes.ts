// The console's one live stream (Server-Sent Events): every conversation's messages, typing and
// status, plus a `queue` event whenever a conversation changes status (escalated, taken over,
// handed back, closed), its urgency or its assignee, so the console refreshes its queue without polling.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConversationEvent } from '../../conversation/events.ts';
import type { HttpServices } from '../../http/services.ts';
import { errorSchema, messageWire } from './wire-schemas.ts';

const HEARTBEAT_MS = 15_000;

export const staffEventsRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.get(
    '/api/staff/events',
    {
      schema: {
        summary: 'Live events of all conversations (Server-Sent Events): ready, queue, message, typing, status',
        description:
          'Each event carries `conversationId`. `queue` ({conversationId, status, escalated, previousStatus?, priority?, queueReason?}) comes with every status change and with every change of a queued conversation\'s priority, reason or assignee; `escalated` is true when a conversation joined the queue. `status` carries the same optional fields. `ready` is sent once the stream is subscribed.',
        tags: ['staff'],
        response: { 401: errorSchema },
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 2000\n\n');
      const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = services.events.subscribeAll((conversationId, event) => {
        for (const [name, data] of staffWire(conversationId, event)) write(name, data);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      // The response's close means the connection went away (the request's fires once its body is read).
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
      request.log.debug({ staffId: request.staff?.id }, 'staff event stream opened');
      write('ready', {});
    },
  );
};

/** The SSE events one conversation event becomes on the staff stream. */
function staffWire(conversationId: string, event: ConversationEvent): [string, unknown][] {
  switch (event.type) {
    case 'message':
      return [['message', { ...messageWire(event.message), conversationId }]];
    case 'typing':
      return [['typing', { conversationId, on: event.on, author: event.author }]];
    case 'draft':
      return []; // the bot's live draft is for the customer; staff see the message it becomes
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
