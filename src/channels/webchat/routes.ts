// The web chat API: sessions, messages, live events (SSE), history, and what the page shows before
// a session (staff hours). A session token reads and writes only its own conversation.

import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationEvent } from '../../conversation/events.ts';
import { cleanText } from '../../conversation/engine.ts';
import type { StoredMessage } from '../../conversation/ports.ts';
import { parseFlowState } from '../../domain/flow/state.ts';
import { LANGUAGES } from '../../domain/types.ts';
import { AppError } from '../../http/app-error.ts';
import type { HttpServices } from '../../http/services.ts';
import { hashToken, newSessionToken, tokenFrom } from './session-token.ts';

export const CHANNEL = 'webchat';
const HEARTBEAT_MS = 15_000;

const conversationSchema = z.object({ status: z.enum(['bot', 'queued', 'human', 'closed']), step: z.number().int().optional() });
const messageSchema = z.object({
  id: z.number().int(),
  author: z.enum(['customer', 'bot', 'staff', 'system']),
  text: z.string(),
  choices: z.array(z.string()).optional(),
  clientMessageId: z.string().optional(),
  createdAt: z.string(),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const staffHoursSchema = z.object({
  opens: z.string().describe('local time staff start, HH:MM'),
  closes: z.string().describe('local time staff stop, HH:MM (24:00 is midnight at the end of the day)'),
  days: z.array(z.number().int().min(1).max(7)).describe('ISO weekdays staff work: 1 = Monday … 7 = Sunday'),
  timeZone: z.string().describe('IANA time zone of opens and closes, e.g. Asia/Shanghai'),
});
const authHeader = z.object({ authorization: z.string().optional().describe('Bearer <session token>') });

export const webchatRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  const { identities, conversations, engine, events } = services;

  async function sessionOf(request: FastifyRequest): Promise<{ identityId: string; customerId: string; sessionId: string }> {
    const query = request.query as { token?: unknown } | undefined;
    const token = tokenFrom(request.headers.authorization, typeof query?.token === 'string' ? query.token : undefined);
    if (!token) throw new AppError('unauthorized', 'send the session token as "Authorization: Bearer <token>"');
    const identity = await identities.findIdentityBySecret(hashToken(token));
    if (!identity || identity.channel !== CHANNEL) throw new AppError('unauthorized', 'this session token is not valid; start a new session');
    return { identityId: identity.identityId, customerId: identity.customerId, sessionId: identity.externalId };
  }

  async function currentConversation(session: { identityId: string; customerId: string }) {
    const conversation = await conversations.openConversation(session.identityId, session.customerId, CHANNEL);
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
        response: { 201: z.object({ sessionId: z.string(), token: z.string(), customerId: z.string() }), 400: errorSchema },
      },
    },
    async (request, reply) => {
      const sessionId = randomUUID();
      const token = newSessionToken();
      const { customerId } = await identities.createIdentity({
        channel: CHANNEL,
        externalId: sessionId,
        secretHash: hashToken(token),
        ...(request.body.name ? { name: cleanText(request.body.name) } : {}),
        ...(request.body.locale ? { locale: request.body.locale } : {}),
      });
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
          text: z.string(),
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
      const text = cleanText(request.body.text);
      if (!text) throw new AppError('empty_text', 'text must contain at least one visible character');
      if (text.length > services.maxMessageChars) {
        throw new AppError('text_too_long', `the message has ${text.length} characters; the limit is ${services.maxMessageChars}. Please split it up.`);
      }
      const result = await engine.turn({
        channel: CHANNEL,
        externalUserId: session.sessionId,
        text,
        ...(request.body.clientMessageId ? { channelMessageId: `${CHANNEL}:${session.identityId}:${request.body.clientMessageId}` } : {}),
      });
      return {
        replies: result.replies.map((m) => ({ id: m.id, text: m.text, ...(m.choices ? { choices: m.choices } : {}) })),
        conversation: { status: result.status, ...(result.step ? { step: result.step } : {}) },
      };
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
        querystring: z.object({ token: z.string().optional(), after: z.coerce.number().int().nonnegative().optional() }),
        response: { 200: z.object({ messages: z.array(messageSchema), conversation: conversationSchema }), 401: errorSchema },
      },
    },
    async (request) => {
      const session = await sessionOf(request);
      const { conversation, summary } = await currentConversation(session);
      const messages = await conversations.history(conversation.id, request.query.after ?? 0);
      return { messages: messages.map(toWire), conversation: summary };
    },
  );

  app.get(
    '/api/webchat/events',
    {
      schema: {
        summary: 'Live events (Server-Sent Events): message, typing, status',
        tags: ['webchat'],
        querystring: z.object({ token: z.string().optional(), lastEventId: z.coerce.number().int().nonnegative().optional() }),
        response: { 401: errorSchema },
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request);
      const { conversation, summary } = await currentConversation(session);
      const lastHeader = Number(request.headers['last-event-id']);
      const lastSeen = Number.isInteger(lastHeader) && lastHeader >= 0 ? lastHeader : request.query.lastEventId;
      await streamEvents(reply, conversation.id, lastSeen, summary);
    },
  );

  async function streamEvents(
    reply: FastifyReply,
    conversationId: string,
    lastSeen: number | undefined,
    summary: { status: string; step?: number },
  ): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    let highest = lastSeen ?? 0;
    const pending: ConversationEvent[] = [];
    let replaying = true;
    const send = (event: ConversationEvent) => {
      if (event.type === 'message') {
        if (event.message.id <= highest) return;
        highest = event.message.id;
        res.write(`id: ${event.message.id}\nevent: message\ndata: ${JSON.stringify(toWire(event.message))}\n\n`);
      } else if (event.type === 'typing') {
        res.write(`event: typing\ndata: ${JSON.stringify({ on: event.on, author: event.author })}\n\n`);
      } else if (event.type === 'draft') {
        res.write(`event: draft\ndata: ${JSON.stringify({ text: event.text, author: event.author })}\n\n`);
      } else {
        res.write(`event: status\ndata: ${JSON.stringify({ status: event.status, step: event.step })}\n\n`);
      }
    };
    // Subscribe first, then replay what was missed, then flush what arrived meanwhile: nothing falls in between.
    const unsubscribe = events.subscribe(conversationId, (event) => (replaying ? pending.push(event) : send(event)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // The response's close means the connection went away (the request's fires once its body is read).
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    if (lastSeen !== undefined) for (const message of await conversations.history(conversationId, lastSeen)) send({ type: 'message', message });
    replaying = false;
    for (const event of pending.splice(0)) send(event);
    res.write(`event: status\ndata: ${JSON.stringify(summary)}\n\n`);
  }
};

/** Minutes after midnight as HH:MM (1440 → 24:00). */
function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function toWire(message: StoredMessage) {
  return {
    id: message.id,
    author: message.author,
    text: message.text,
    ...(message.choices ? { choices: message.choices } : {}),
    ...(message.clientMessageId ? { clientMessageId: message.clientMessageId } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}
