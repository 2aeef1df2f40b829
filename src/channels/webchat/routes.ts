// The web chat API: sessions, messages, live events (SSE), history, and what the page shows before
// a session (staff hours). A session token reads and writes only its own conversation; it travels
// in the Authorization header, never in a URL, except on the events route for older clients (the
// page asks for a one-use ticket instead).

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../http/error-envelope.ts';
import type { ConversationEvent } from '../../conversation/events.ts';
import { cleanText } from '../../conversation/clean-text.ts';
import type { StoredMessage } from '../../conversation/ports.ts';
import { parseFlowState } from '../../domain/flow/state.ts';
import { LANGUAGES } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { clientNetwork } from '../../http/client-network.ts';
import { customerText } from '../../http/customer-text.ts';
import type { HttpServices } from '../../http/services.ts';
import { SseStream } from '../../http/sse-stream.ts';
import { TypingThrottle } from '../../conversation/typing-throttle.ts';
import { WebchatSessionAuth, type WebchatSession } from './session-auth.ts';
import { bearerToken, hashToken, newSessionToken } from './session-token.ts';

export const CHANNEL = 'webchat';

const conversationSchema = z.object({ status: z.enum(['bot', 'queued', 'human', 'closed']), step: z.number().int().optional() });
const messageSchema = z.object({
  id: z.number().int(),
  author: z.enum(['customer', 'bot', 'staff', 'system']),
  text: z.string(),
  choices: z.array(z.string()).optional(),
  clientMessageId: z.string().optional(),
  createdAt: z.string(),
});
const staffHoursSchema = z.object({
  opens: z.string().describe('local time staff start, HH:MM'),
  closes: z.string().describe('local time staff stop, HH:MM (24:00 is midnight at the end of the day)'),
  days: z.array(z.number().int().min(1).max(7)).describe('ISO weekdays staff work: 1 = Monday … 7 = Sunday'),
  timeZone: z.string().describe('IANA time zone of opens and closes, e.g. Asia/Shanghai'),
});
const authHeader = z.object({ authorization: z.string().optional().describe('Bearer <session token>') });
/** However often a page reports typing, staff are told at most this often per conversation (per process). */
const TYPING_WINDOW_MS = 2_000;

export const webchatRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  const { identities, conversations, engine, events, webchat } = services;
  const auth = new WebchatSessionAuth(webchat);

  /** The session of the token in the Authorization header. */
  function sessionOf(request: FastifyRequest): Promise<WebchatSession> {
    return auth.fromToken(bearerToken(request.headers.authorization));
  }

  const typing = new TypingThrottle({
    windowMs: TYPING_WINDOW_MS,
    publish: (conversationId, on) => {
      events.publish(conversationId, { type: 'typing', on, author: 'customer' }).catch((err: unknown) => app.log.warn({ err, conversationId }, 'could not publish customer typing'));
    },
  });
  app.addHook('onClose', async () => typing.close());

  async function currentConversation(session: { identityId: string; customerId: string }) {
    const { conversation } = await conversations.openConversation(session.identityId, session.customerId, CHANNEL);
    const state = parseFlowState(conversation.flowState);
    return { conversation, summary: { status: conversation.status, ...(state.complaint ? { step: state.complaint.step } : {}) } };
  }

  app.get(
    '/api/webchat/info',
    {
      schema: {
        summary: 'What the chat page shows before a session: when people answer (STAFF_HOURS, STAFF_DAYS, STAFF_TIMEZONE)',
        tags: ['webchat'],
        response: { 200: z.object({ staffHours: staffHoursSchema }) },
      },
    },
    async () => {
      const { openMinute, closeMinute, days, timeZone } = services.staffHours;
      return { staffHours: { opens: clockTime(openMinute), closes: clockTime(closeMinute), days: [...days].sort((a, b) => a - b), timeZone } };
    },
  );

  app.post(
    '/api/webchat/sessions',
    {
      schema: {
        summary: 'Start a web chat session',
        tags: ['webchat'],
        body: z
          .object({
            name: z.string().trim().min(1).max(80).optional(),
            locale: z.enum(LANGUAGES).optional(),
          })
          // A POST without a body arrives as null (not undefined), which .default() would not cover.
          .nullish()
          .transform((body) => body ?? {}),
        response: { 201: z.object({ sessionId: z.string(), token: z.string(), customerId: z.string() }), 400: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      // Each session can join the staff queue: one client starting sessions without end would flood it.
      const { count, resetsAt } = await webchat.sessionStarts.hit(clientNetwork(request.ip), webchat.clock());
      if (count > webchat.sessionStartsPerHour) {
        const minutes = Math.max(1, Math.ceil((resetsAt.getTime() - webchat.clock().getTime()) / 60_000));
        throw new DomainError(
          'rate_limited',
          `too many new chat sessions from your network (at most ${webchat.sessionStartsPerHour} an hour); please try again in ${minutes} min, or go on with the session you have`,
        );
      }
      const sessionId = randomUUID();
      const token = newSessionToken();
      const name = cleanText(request.body.name ?? '');
      const { identityId, customerId } = await identities.createIdentity({
        channel: CHANNEL,
        externalId: sessionId,
        secretHash: hashToken(token),
        ...(name ? { name } : {}),
        ...(request.body.locale ? { locale: request.body.locale } : {}),
      });
      // The expiry counts from here, on the service's clock (the row's createdAt is the database's).
      await webchat.sessions.touch(identityId, webchat.clock());
      return reply.status(201).send({ sessionId, token, customerId });
    },
  );

  app.post(
    '/api/webchat/messages',
    {
      schema: {
        summary: "Send the customer's message; returns the bot's replies",
        tags: ['webchat'],
        security: [{ session: [] }],
        headers: authHeader,
        body: z.object({
          text: customerText(services.maxMessageChars).describe(
            `the message; cleaned of control and stray invisible characters and trimmed, then refused as empty_text (400) when nothing visible is left or text_too_long (413) when over ${services.maxMessageChars} characters`,
          ),
          clientMessageId: z
            .string()
            .regex(/^[\w-]{1,100}$/, 'use letters, digits, - or _ (at most 100)')
            .optional()
            .describe('an id the browser picks per message; a resend with the same id is answered once'),
        }),
        response: {
          200: z.object({
            replies: z.array(z.object({ id: z.number().int(), text: z.string(), choices: z.array(z.string()).optional() })),
            conversation: conversationSchema,
          }),
          400: errorSchema,
          401: errorSchema,
          413: errorSchema,
        },
      },
    },
    async (request) => {
      const session = await sessionOf(request);
      // Cleaned and checked by the body schema.
      const { text } = request.body;
      const result = await engine.turn({
        channel: CHANNEL,
        externalUserId: session.sessionId,
        knownIdentity: { identityId: session.identityId, customerId: session.customerId },
        text,
        ...(request.body.clientMessageId ? { channelMessageId: `${CHANNEL}:${session.identityId}:${request.body.clientMessageId}` } : {}),
      });
      return {
        replies: result.replies.map((m) => ({ id: m.id, text: m.text, ...(m.choices ? { choices: m.choices } : {}) })),
        conversation: { status: result.status, ...(result.step ? { step: result.step } : {}) },
      };
    },
  );

  app.post(
    '/api/webchat/typing',
    {
      schema: {
        summary: 'Tell staff the customer is typing (on) or stopped (off); staff see it as "the customer is typing…"',
        description:
          'Fire and forget from the page: at most one request every few seconds while the customer types, and `on: false` after a pause or when the message is sent. Staff get a `typing` event with author `customer` on GET /api/staff/events (at most one per conversation every 2 s, the last state always arrives); the customer’s own stream does not echo it. Telegram does not tell bots that a user is typing and Bot Framework typing activities are not passed on, so only web chat customers show as typing.',
        tags: ['webchat'],
        security: [{ session: [] }],
        headers: authHeader,
        body: z.object({ on: z.boolean().describe('true while the customer types, false once they stop or send') }),
        response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request);
      const { conversation } = await conversations.openConversation(session.identityId, session.customerId, CHANNEL);
      typing.report(conversation.id, request.body.on);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webchat/history',
    {
      schema: {
        summary: "This session's messages",
        tags: ['webchat'],
        security: [{ session: [] }],
        headers: authHeader,
        querystring: z.object({
          token: z.string().optional().describe('refused (401): a token in a URL ends up in logs; send it in the Authorization header'),
          after: z.coerce.number().int().nonnegative().optional(),
        }),
        response: { 200: z.object({ messages: z.array(messageSchema), conversation: conversationSchema }), 401: errorSchema },
      },
    },
    async (request) => {
      if (request.query.token !== undefined) {
        throw new DomainError('unauthorized', 'the session token is not accepted in the URL here (URLs end up in logs); send it as "Authorization: Bearer <token>"');
      }
      const session = await sessionOf(request);
      const { conversation, summary } = await currentConversation(session);
      const messages = await conversations.history(conversation.id, request.query.after ?? 0);
      return { messages: messages.map(toWire), conversation: summary };
    },
  );

  app.post(
    '/api/webchat/events/ticket',
    {
      schema: {
        summary: 'A one-use ticket, valid for a minute, to open the live events with ?ticket= (EventSource cannot send the Authorization header)',
        tags: ['webchat'],
        security: [{ session: [] }],
        headers: authHeader,
        response: { 200: z.object({ ticket: z.string(), expiresInSeconds: z.number().int() }), 401: errorSchema },
      },
    },
    async (request) => {
      const session = await sessionOf(request);
      return { ticket: await webchat.tickets.issue(session.secretHash), expiresInSeconds: webchat.tickets.ttlSeconds };
    },
  );

  app.get(
    '/api/webchat/events',
    {
      schema: {
        summary: 'Live events (Server-Sent Events): message, typing, draft, status',
        description:
          'Authenticate with `?ticket=` from POST /api/webchat/events/ticket (preferred), the Authorization header, or `?token=` (kept for existing clients; a URL may end up in logs). At most SSE_MAX_PER_SESSION streams per session and SSE_MAX_PER_IP per client network (429), SSE_MAX_TOTAL per process (503).',
        tags: ['webchat'],
        querystring: z.object({
          ticket: z.string().optional(),
          token: z.string().optional(),
          lastEventId: z.coerce.number().int().nonnegative().optional(),
        }),
        response: { 401: errorSchema, 429: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { ticket, token } = request.query;
      const session = ticket !== undefined ? await auth.fromTicket(ticket) : await auth.fromToken(bearerToken(request.headers.authorization) ?? token);
      const { conversation, summary } = await currentConversation(session);
      const lastHeader = Number(request.headers['last-event-id']);
      const lastSeen = Number.isInteger(lastHeader) && lastHeader >= 0 ? lastHeader : request.query.lastEventId;
      // The place is reserved last, right before the stream opens: nothing between can fail and leave it taken.
      const stream = SseStream.open(reply, {
        slot: services.sse.reserve({ ip: request.ip, session: session.identityId }),
        heartbeatMs: services.sse.heartbeatMs,
        // An expired or erased session loses its open stream too, at the next heartbeat.
        stillAllowed: () => auth.stillValid(session.secretHash),
      });
      await streamEvents(stream, conversation.id, lastSeen, summary);
    },
  );

  async function streamEvents(stream: SseStream, conversationId: string, lastSeen: number | undefined, summary: { status: string; step?: number }): Promise<void> {
    let highest = lastSeen ?? 0;
    const pending: ConversationEvent[] = [];
    let replaying = true;
    const send = (event: ConversationEvent) => {
      if (event.type === 'message') {
        if (event.message.id <= highest) return;
        highest = event.message.id;
        stream.send('message', toWire(event.message), event.message.id);
      } else if (event.type === 'typing') {
        // The customer knows they are typing; only the bot's and staff's typing is theirs to see.
        if (event.author !== 'customer') stream.send('typing', { on: event.on, author: event.author });
      } else if (event.type === 'draft') {
        stream.send('draft', { text: event.text, author: event.author });
      } else if (event.type === 'status') {
        stream.send('status', { status: event.status, step: event.step });
      }
    };
    // Subscribe first, then replay what was missed, then flush what arrived meanwhile: nothing falls in between.
    const unsubscribe = events.subscribe(conversationId, (event) => (replaying ? pending.push(event) : send(event)));
    stream.onClose(unsubscribe);
    if (lastSeen !== undefined) for (const message of await conversations.history(conversationId, lastSeen)) send({ type: 'message', message });
    replaying = false;
    for (const event of pending.splice(0)) send(event);
    stream.send('status', summary);
  }
};

/** Minutes after midnight as HH:MM (1440 → 24:00). */
function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function toWire(message: StoredMessage) {
  const clientMessageId = clientMessageIdOf(message);
  return {
    id: message.id,
    author: message.author,
    text: message.text,
    ...(message.choices ? { choices: message.choices } : {}),
    ...(clientMessageId ? { clientMessageId } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}

/** The browser's own id for a customer's message: the last part of the channel message id this adapter gave it. */
function clientMessageIdOf(message: StoredMessage): string | undefined {
  const id = message.channelMessageId;
  return id?.startsWith(`${CHANNEL}:`) ? id.slice(id.lastIndexOf(':') + 1) : undefined;
}
