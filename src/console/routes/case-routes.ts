// Case work from the console: private notes on a conversation (never shown to the customer),
// commitments with their revisit, promised callbacks and case outcomes. Refunds and vouchers
// above the policy's cap for the customer's tier when the case was opened need a supervisor: an
// agent's becomes an approval request (approval-routes.ts) and the customer is told it waits;
// other kinds carry no amount; due times lie ahead. Every change is audited.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cleanText } from '../../conversation/clean-text.ts';
import { amountCapFor } from '../../domain/amount-cap.ts';
import { AMOUNT_KINDS, isAmountKind, type Policy } from '../../domain/policy.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { hasRole, signedIn } from '../auth/staff-auth.ts';
import type { CaseWorkEvent } from '../cases/case-work-events.ts';
import { CASE_OUTCOMES, COMMITMENT_KINDS, type CaseWorkStore } from '../cases/case-work-ports.ts';
import { announceCommitment, commitmentAnswer, commitmentTerms } from '../cases/staff-commitment.ts';
import type { ConsoleServices } from '../console-services.ts';
import { approvalSchema, approvalWire } from './approval-wire.ts';
import { csrfHeader, errorSchema, idParams, staffRefSchema } from './wire-schemas.ts';

const MAX_NOTE = 4000;
const MAX_DESCRIPTION = 1000;
const futureDate = z.iso.datetime({ offset: true }).describe('ISO 8601 with offset, e.g. 2026-11-24T09:00:00+08:00');
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
/** A due time this little in the past still counts as now: the staff member's clock may be behind. */
const CLOCK_SKEW_MS = 60_000;

export const caseRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; cases: CaseWorkStore; policy: Policy }> = async (app, { console: services, cases, policy }) => {
  const { clock } = services;

  /** Tells every open console (GET /api/staff/events). Best effort: the change is stored either way. */
  async function announceCaseWork(event: CaseWorkEvent): Promise<void> {
    await services.caseEvents.publish(event).catch((err: unknown) => app.log.warn({ err, conversationId: event.conversationId }, 'could not publish case work'));
  }

  app.post(
    '/api/staff/conversations/:id/notes',
    {
      schema: {
        summary: 'Add a private note to the conversation (staff only; never shown to the customer)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ text: z.string().max(MAX_NOTE) }),
        response: { 201: z.object({ note: z.object({ id: z.string(), text: z.string(), staff: staffRefSchema, createdAt: z.string() }) }), ...errors },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const text = cleanText(request.body.text);
      if (!text) throw new DomainError('empty_text', 'a note must contain at least one visible character');
      const note = await cases.addNote(request.params.id, staff.id, text, clock());
      if (!note) throw new DomainError('not_found', `no conversation ${request.params.id}`);
      await announceCaseWork({ type: 'note', conversationId: request.params.id, note: { ...note, createdAt: note.createdAt.toISOString() } });
      return reply.status(201).send({ note: { ...note, createdAt: note.createdAt.toISOString() } });
    },
  );

  app.post(
    '/api/staff/cases/:id/commitments',
    {
      schema: {
        summary: `Record a commitment on a case and schedule its revisit; only ${AMOUNT_KINDS.join(' and ')} carry an amount, and above the policy's cap for the tier the case was opened at they need a supervisor`,
        description:
          'A supervisor or admin records any amount (201). An agent above the cap, or for a kind the policy sets no cap for, records nothing yet: the request waits for a supervisor (202 `{approval, delivered}`; see GET /api/staff/approvals), supervisors’ consoles get the live `approval` event, and the customer is told on their own channel that it needs a supervisor’s approval. 409 while the case already has a pending request of that kind.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({
          kind: z.enum(COMMITMENT_KINDS),
          description: z.string().trim().min(1).max(MAX_DESCRIPTION),
          dueAt: futureDate,
          amountCents: z.number().int().positive().max(1_000_000_000).optional(),
        }),
        response: {
          201: z.object({
            commitment: z.object({ id: z.string(), dueAt: z.string(), amountCents: z.number().int().nullable(), currency: z.string().nullable() }),
            revisit: z.object({ id: z.string(), dueAt: z.string() }),
          }),
          202: z
            .object({ approval: approvalSchema, delivered: z.boolean().describe('whether the customer’s channel took the notice that it waits (stored in the conversation either way)') })
            .describe('an agent above the cap: nothing recorded yet, the request waits for a supervisor'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const { kind, description, amountCents } = request.body;
      const dueAt = dueInFuture(request.body.dueAt, clock());
      const facts = await cases.caseFacts(request.params.id);
      if (!facts) throw new DomainError('not_found', `no case ${request.params.id}`);
      if (facts.status === 'closed') throw new DomainError('conflict', 'this case is closed; reopen it before promising anything more');
      if (!isAmountKind(kind)) {
        if (amountCents !== undefined) throw new DomainError('invalid_request', `body.amountCents: a ${kind} carries no amount; only ${AMOUNT_KINDS.join(' and ')} do`);
      } else {
        if (amountCents === undefined) throw new DomainError('invalid_request', `body.amountCents: a ${kind} needs an amount`);
        const cap = amountCapFor(policy, kind, facts.category, facts.tier);
        if (!hasRole(staff, 'supervisor') && (cap === undefined || amountCents > cap)) {
          const requested = await services.approvals.store.request({ caseId: facts.id, kind, description, dueAt, amountCents, currency: policy.currency, capCents: cap ?? null }, staff.id, clock());
          if ('refused' in requested) {
            const waiting = requested.approval;
            throw new DomainError(
              'conflict',
              `a ${kind} on this case already waits for a supervisor (requested by ${waiting.requestedBy.name} at ${waiting.createdAt.toISOString()}); wait for the decision before asking again`,
            );
          }
          const delivered = await services.approvals.announcer.announce('requested', requested);
          return reply.status(202).send({ approval: approvalWire(requested), delivered });
        }
      }
      const terms = commitmentTerms(policy, { caseId: facts.id, kind, description, dueAt, amountCents: amountCents ?? null });
      const recorded = await cases.recordCommitment(terms, staff.id, clock());
      announceCommitment(services.webhooks.dispatcher, terms, recorded, facts.customerId, staff.id);
      await announceCaseWork({ type: 'case', conversationId: facts.conversationId, caseId: facts.id, change: 'commitment', staffId: staff.id });
      return reply.status(201).send(commitmentAnswer(terms, recorded));
    },
  );

  app.post(
    '/api/staff/conversations/:id/callbacks',
    {
      schema: {
        summary: 'Promise the customer a callback at a given time (a FollowUp of kind callback)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ dueAt: futureDate, note: z.string().trim().max(MAX_NOTE).optional() }),
        response: { 201: z.object({ followUp: z.object({ id: z.string(), kind: z.literal('callback'), dueAt: z.string(), dedupeKey: z.string() }) }), ...errors },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const dueAt = dueInFuture(request.body.dueAt, clock());
      const scheduled = await cases.scheduleCallback(request.params.id, { dueAt, note: request.body.note || null }, staff.id, clock());
      if (!scheduled) throw new DomainError('not_found', `no conversation ${request.params.id}`);
      await announceCaseWork({ type: 'case', conversationId: request.params.id, caseId: scheduled.caseId, change: 'callback', staffId: staff.id });
      return reply.status(201).send({ followUp: { id: scheduled.followUpId, kind: 'callback' as const, dueAt: scheduled.dueAt.toISOString(), dedupeKey: scheduled.dedupeKey } });
    },
  );

  app.post(
    '/api/staff/cases/:id/outcome',
    {
      schema: {
        summary: 'Set the case outcome: agreed (with the solution), fulfilled, closed or reopened',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ status: z.enum(CASE_OUTCOMES), outcome: z.string().trim().min(1).max(MAX_DESCRIPTION).optional() }),
        response: { 200: z.object({ case: z.object({ id: z.string(), status: z.string(), agreedSolution: z.string().nullable() }) }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const updated = await cases.setOutcome(request.params.id, request.body.status, request.body.outcome ?? null, staff.id, clock());
      if (!updated) throw new DomainError('not_found', `no case ${request.params.id}`);
      await announceCaseWork({ type: 'case', conversationId: updated.conversationId, caseId: updated.id, change: 'outcome', staffId: staff.id, status: updated.status });
      return { case: { id: updated.id, status: updated.status, agreedSolution: updated.agreedSolution } };
    },
  );
};

/** The due time, or a 400 when it has passed (allowing for a clock a minute behind). */
function dueInFuture(iso: string, now: Date): Date {
  const dueAt = new Date(iso);
  if (dueAt.getTime() < now.getTime() - CLOCK_SKEW_MS) throw new DomainError('invalid_request', `body.dueAt: must be in the future (it is ${dueAt.toISOString()}, now is ${now.toISOString()})`);
  return dueAt;
}
