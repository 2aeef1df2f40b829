// The console's conversation list and what staff keep on it: search and filters, each row's
// preview, unread count and labels; replacing a conversation's labels (audited, announced live);
// the labels in use; and marking a conversation read, which also opens a routed assignment so
// routing hands its assignee the next waiting one.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationEvents } from '../../conversation/events.ts';
import { labelProblem, labelSet, MAX_LABELS, normalizeLabel } from '../../domain/conversation-labels.ts';
import { CHANNEL_NAMES, LANGUAGES, type ConversationStatus } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import type { QueueFilter } from '../queue/queue-ports.ts';
import { ConversationRouter } from '../routing/conversation-router.ts';
import { routeWaitingAndAnnounce } from '../routing/route-waiting.ts';
import { queueRowSchema, queueRowWire } from './queue-wire.ts';
import { slaWire } from './sla-wire.ts';
import { csrfHeader, errorSchema, idParams, statusSchema, tierSchema } from './wire-schemas.ts';

/** Rows one list answers with at most (the queue is short; the other statuses show their newest). */
const LIST_LIMIT = 200;
const LABELS_IN_USE_LIMIT = 200;

const labelSchema = z
  .string()
  .superRefine((text, context) => {
    const problem = labelProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((text) => normalizeLabel(text) ?? text);

const listQuery = z.object({
  status: statusSchema.default('queued'),
  q: z.string().trim().min(1, 'q must not be empty').max(100).optional().describe('customer name, phone (any spelling), order number (an order or a case’s facts) or message text'),
  channel: z.enum(CHANNEL_NAMES).optional(),
  language: z.enum(LANGUAGES).optional().describe('the conversation’s language'),
  tier: tierSchema.optional(),
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/, 'reason is a queue reason such as request_human or callback_due')
    .optional()
    .describe('the queue reason (queueReason)'),
  assignee: z.string().min(1).max(100).optional().describe('a staff id, `me`, or `none` (unassigned)'),
  label: labelSchema.optional(),
});

export const queueRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; events: ConversationEvents }> = async (app, { console: services, events }) => {
  const { queue, clock } = services;
  const router = new ConversationRouter(services.routing, app.log, clock);

  app.get(
    '/api/staff/conversations',
    {
      schema: {
        summary: 'Conversations by status, searched and filtered; the queue is most urgent first, then longest waiting',
        description:
          'Filters combine with AND; `q` matches the customer’s name, phone (any spelling: "138 0013 8000" and "+8613800138000" are one number), an order number (the customer’s orders, or one the bot collected in a case), or the text of a message in the conversation. At most 200 rows. Each row has the latest message, your unread count and the labels.',
        tags: ['staff'],
        querystring: listQuery,
        response: { 200: z.object({ conversations: z.array(queueRowSchema) }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const { status, q, channel, language, tier, reason, assignee, label } = request.query;
      const filter: QueueFilter = {
        status,
        ...(q !== undefined ? { q } : {}),
        ...(channel !== undefined ? { channel } : {}),
        ...(language !== undefined ? { language } : {}),
        ...(tier !== undefined ? { tier } : {}),
        ...(reason !== undefined ? { reason } : {}),
        ...(assignee !== undefined ? { assignee: assignee === 'none' ? ('none' as const) : { staffId: assignee === 'me' ? staff.id : assignee } } : {}),
        ...(label !== undefined ? { label } : {}),
      };
      const now = clock();
      const rows = await queue.listing.list(filter, staff.id, now, LIST_LIMIT);
      return { conversations: rows.map((row) => queueRowWire(row, slaWire(row, services.sla, now))) };
    },
  );

  app.put(
    '/api/staff/conversations/:id/labels',
    {
      schema: {
        summary: 'Replace the conversation’s labels (audited); every open console refreshes its queue',
        description: `Labels are trimmed and lower-cased: 1–32 letters or digits (Chinese included), spaces, "-" and "_"; at most ${MAX_LABELS}. Answers the new set.`,
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ labels: z.array(labelSchema).max(MAX_LABELS, `at most ${MAX_LABELS} labels`) }).strict(),
        response: { 200: z.object({ labels: z.array(z.string()) }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const result = await queue.labels.replaceLabels(request.params.id, labelSet(request.body.labels), staff.id, clock());
      if ('refused' in result) throw new DomainError('not_found', `no conversation ${request.params.id}`);
      if (result.changed) await announceUnchanged(request.params.id, result.status);
      return { labels: result.labels };
    },
  );

  app.get(
    '/api/staff/labels',
    {
      schema: {
        summary: 'The labels in use, with how many conversations carry each, most used first (the queue filter’s suggestions)',
        tags: ['staff'],
        response: { 200: z.object({ labels: z.array(z.object({ label: z.string(), count: z.number().int() })) }), 401: errorSchema },
      },
    },
    async () => ({ labels: await queue.labels.labelsInUse(LABELS_IN_USE_LIMIT) }),
  );

  app.post(
    '/api/staff/conversations/:id/read',
    {
      schema: {
        summary: 'Mark the conversation read by you up to now (your unread count starts again from here); opens your routed assignment',
        description:
          'When you are the conversation’s assignee and had not opened it yet, the assignment is opened: routing gives you the next waiting conversation (one unopened assignment at a time), and it no longer returns to the queue after ASSIGNMENT_TIMEOUT_MS.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ read: z.literal(true), opened: z.boolean().describe('this read opened your assignment') }), 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const result = await queue.reads.markRead(request.params.id, staff.id, clock());
      if ('refused' in result) throw new DomainError('not_found', `no conversation ${request.params.id}`);
      // Opened: its assignee may take the next one now.
      if (result.opened) await routeWaitingAndAnnounce(router, events, request.log);
      return { read: true as const, opened: result.opened };
    },
  );

  /** Consoles refresh their queue on a status event, also when only the row's details changed. */
  async function announceUnchanged(conversationId: string, status: ConversationStatus): Promise<void> {
    await events.publish(conversationId, { type: 'status', status, previousStatus: status }).catch((err: unknown) => {
      // Best effort, as everywhere: the change is stored and the list serves it.
      app.log.warn({ err, conversationId }, 'could not publish a live event');
    });
  }
};
