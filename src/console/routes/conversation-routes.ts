// The staff side of a conversation: one conversation in full, take over (the bot goes silent and
// the customer is told a person joined), write to the customer on their own channel, hand back to
// the bot, close. Two staff cannot hold one conversation: the second gets 409. The list, labels and
// read markers are in queue-routes.ts.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationEvents } from '../../conversation/events.ts';
import { cleanText } from '../../conversation/clean-text.ts';
import type { ConversationRecord, ConversationStore } from '../../conversation/ports.ts';
import type { Language } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { hasRole, signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import { ConversationRouter } from '../routing/conversation-router.ts';
import { routeWaitingAndAnnounce } from '../routing/route-waiting.ts';
import type { ConversationRefusal } from '../ports.ts';
import { customerBackgroundSchema, customerBackgroundWire } from './customer-background-wire.ts';
import { slaWire } from './sla-wire.ts';
import { csrfHeader, errorSchema, idParams, messageSchema, messageWire, profileSchema, profileWire, queueItemSchema, queueItemWire, staffRefSchema, statusSchema } from './wire-schemas.ts';

const MAX_STAFF_TEXT = 4000;
const actionResult = z.object({ conversation: z.object({ id: z.string(), status: statusSchema }), delivered: z.boolean() });

export const conversationRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; conversations: ConversationStore; events: ConversationEvents }> = async (
  app,
  { console: services, conversations, events },
) => {
  const { store, delivery, phrases, clock } = services;
  const router = new ConversationRouter(services.routing, app.log, clock);

  async function load(id: string): Promise<ConversationRecord> {
    const loaded = await conversations.loadConversation(id);
    if (!loaded) throw new DomainError('not_found', `no conversation ${id}`);
    return loaded.conversation;
  }

  /** Announces the conversation's new status to live listeners (the customer's web chat, later the console). */
  async function announce(conversation: ConversationRecord): Promise<void> {
    await events.publish(conversation.id, { type: 'status', status: conversation.status }).catch((err: unknown) => {
      // Best effort, as everywhere: the status is stored and served by the history routes.
      app.log.warn({ err, conversationId: conversation.id }, 'could not publish a live event');
    });
  }

  /** Tells the customer, in the language of the conversation, on their own channel. */
  async function tell(conversation: ConversationRecord, key: 'staff.joined' | 'staff.handed_back'): Promise<boolean> {
    const language: Language = conversation.locale === 'zh' ? 'zh' : 'en';
    const { delivered } = await delivery.deliver(conversation, { author: 'system', text: phrases.say(key, language) });
    return delivered;
  }

  // The list itself (search, filters, previews, unread counts) is in queue-routes.ts.

  app.get(
    '/api/staff/conversations/:id',
    {
      schema: {
        summary: 'One conversation: transcript across channels, profile card, open cases, contact log, handoff summary, the customer’s previous conversations and orders',
        tags: ['staff'],
        params: idParams,
        response: {
          200: z.object({
            conversation: queueItemSchema,
            profile: profileSchema,
            profileHistory: z
              .array(
                z.object({ staff: z.object({ id: z.string(), name: z.string() }).nullable(), changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })), createdAt: z.string() }),
              )
              .describe('the profile card’s audit trail: the latest edits, newest first, each field from → to'),
            transcript: z.array(messageSchema),
            openCases: z.array(
              z.object({
                id: z.string(),
                category: z.string(),
                emotion: z.string(),
                step: z.number().int(),
                status: z.string(),
                agreedSolution: z.string().nullable(),
                facts: z
                  .record(z.string(), z.unknown())
                  .describe('the facts the bot collected; orderVerified: whether the order number is one of this customer’s orders (false: check it), order: that order'),
                commitments: z.array(
                  z.object({
                    id: z.string(),
                    kind: z.string(),
                    description: z.string(),
                    dueAt: z.string(),
                    status: z.string(),
                    amountCents: z.number().int().nullable(),
                    currency: z.string().nullable(),
                  }),
                ),
              }),
            ),
            contacts: z.array(z.object({ id: z.string(), kind: z.string(), channel: z.string(), summary: z.string(), outcome: z.string().nullable(), createdAt: z.string() })),
            handoff: z
              .object({
                reason: z.string(),
                priority: z.number(),
                summary: z.string().describe('the bot’s summary for staff, in English'),
                summaries: z.object({ zh: z.string(), en: z.string() }).optional().describe('the same summary in each language'),
              })
              .nullable(),
            notes: z.array(z.object({ id: z.string(), text: z.string(), staff: staffRefSchema, createdAt: z.string() })).describe('private staff notes, oldest first; never shown to the customer'),
            llm: z
              .object({ calls: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int(), costUsd: z.number() })
              .describe('LLM mode: model calls, tokens and cost (US dollars) in this conversation'),
            rating: z
              .object({
                score: z.number().int().min(1).max(5).describe('1 (very poor) to 5 (excellent)'),
                comment: z.string().nullable().describe('what the customer added, card and ID numbers masked; null when they added nothing (or it was erased)'),
                servedBy: z.enum(['bot', 'staff']).describe('who served the customer in this conversation'),
                staffId: z.string().nullable().describe('the staff member who served (held it at the close, or wrote last), when servedBy is staff'),
                answeredAt: z.string().describe('when the customer gave the score'),
              })
              .optional()
              .describe('the customer’s rating of this conversation (CSAT after a chat), present once they answered'),
            ...customerBackgroundSchema,
            labels: z.array(z.string()).describe('the labels staff put on this conversation, in order (PUT /api/staff/conversations/:id/labels)'),
          }),
          401: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const [detail, background, labels] = await Promise.all([
        store.conversationDetail(request.params.id, clock()),
        services.customerBackground.ofConversation(request.params.id),
        services.queue.labels.labelsOf(request.params.id),
      ]);
      if (!detail || !background) throw new DomainError('not_found', `no conversation ${request.params.id}`);
      const transcript = await conversations.customerHistory(detail.profile.id);
      return {
        conversation: queueItemWire(detail.conversation, slaWire(detail.conversation, services.sla, clock())),
        profile: profileWire(detail.profile),
        profileHistory: detail.profileHistory.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })),
        transcript: transcript.map(messageWire),
        openCases: detail.openCases.map((c) => ({ ...c, commitments: c.commitments.map((m) => ({ ...m, dueAt: m.dueAt.toISOString() })) })),
        contacts: detail.contacts.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
        handoff: detail.handoff,
        notes: detail.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
        llm: { calls: detail.llm.calls, promptTokens: detail.llm.promptTokens, completionTokens: detail.llm.completionTokens, costUsd: detail.llm.costMicros / 1_000_000 },
        ...(detail.rating ? { rating: { ...detail.rating, answeredAt: detail.rating.answeredAt.toISOString() } } : {}),
        ...customerBackgroundWire(background),
        labels,
      };
    },
  );

  app.post(
    '/api/staff/conversations/:id/takeover',
    {
      schema: {
        summary: 'Take the conversation over: the bot goes silent and the customer is told a person joined',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: actionResult, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const result = await store.takeOver(request.params.id, staff.id, clock(), { overrideAssignee: hasRole(staff, 'supervisor') });
      if ('refused' in result) throw refusedError(result, 'take over');
      const conversation = await load(request.params.id);
      if (result.alreadyMine) return { conversation: { id: conversation.id, status: conversation.status }, delivered: true };
      await announce(conversation);
      const delivered = await tell(conversation, 'staff.joined');
      // Taking it over opens the assignment: the one who took it (or the assignee a supervisor took it from) may get the next waiting one.
      await routeWaitingAndAnnounce(router, events, request.log);
      return { conversation: { id: conversation.id, status: conversation.status }, delivered };
    },
  );

  app.post(
    '/api/staff/conversations/:id/messages',
    {
      schema: {
        summary: 'Write to the customer on their own channel (take the conversation over first)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ text: z.string().max(MAX_STAFF_TEXT) }),
        response: { 201: z.object({ message: messageSchema, delivered: z.boolean() }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const text = cleanText(request.body.text);
      if (!text) throw new DomainError('empty_text', 'text must contain at least one visible character');
      const conversation = await load(request.params.id);
      if (!(await store.holds(conversation.id, staff.id))) throw new DomainError('conflict', 'take this conversation over before writing to the customer');
      const { message, delivered } = await delivery.deliver(conversation, { author: 'staff', staffId: staff.id, text });
      await store.audit({ actorId: staff.id, action: 'conversation.staff_message', entity: 'Conversation', entityId: conversation.id, details: { messageId: message.id, delivered }, now: clock() });
      await store.logStaffReply(conversation.id, staff.id, clock());
      return reply.status(201).send({ message: messageWire(message), delivered });
    },
  );

  /** Hand-back and close: the same release, told to the customer (hand-back) or not (close). */
  const releaseRoute = (action: 'handback' | 'close', summary: string) => {
    const [status, what, sentence] = action === 'handback' ? (['bot', 'hand back', 'staff.handed_back'] as const) : (['closed', 'close', undefined] as const);
    app.post(
      `/api/staff/conversations/:id/${action}`,
      {
        schema: {
          summary,
          tags: ['staff'],
          headers: csrfHeader,
          params: idParams,
          response: { 200: actionResult, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const staff = signedIn(request);
        const result = await store.release(request.params.id, staff.id, status, clock(), hasRole(staff, 'supervisor'));
        if ('refused' in result) throw refusedError(result, what);
        const conversation = await load(request.params.id);
        await announce(conversation);
        if (status === 'closed')
          services.webhooks.dispatcher.emit('conversation.closed', {
            conversationId: conversation.id,
            customerId: conversation.customerId,
            channel: conversation.channel,
            closedBy: 'staff',
            staffId: staff.id,
          });
        const delivered = sentence ? await tell(conversation, sentence) : true;
        // The one who let go has room again: a waiting conversation may now be theirs.
        await routeWaitingAndAnnounce(router, events, request.log);
        return { conversation: { id: conversation.id, status: conversation.status }, delivered };
      },
    );
  };
  releaseRoute('handback', 'Hand the conversation back to the bot; the customer is told the bot is back');
  releaseRoute('close', 'Close the conversation (the customer’s next message opens a new one); a conversation people served asks the customer for a 1–5 rating (CSAT_ENABLED)');
};

function refusedError(refusal: ConversationRefusal, what: string): DomainError {
  switch (refusal.refused) {
    case 'not_found':
      return new DomainError('not_found', 'no such conversation');
    case 'closed':
      return new DomainError('conflict', `cannot ${what}: the conversation is closed`);
    case 'taken':
      return new DomainError('conflict', `cannot ${what}: ${refusal.holder.name} <${refusal.holder.email}> is handling this conversation`);
  }
}
