// Approvals: a refund or voucher an agent recorded above the cap for the customer's tier (or of a
// kind the policy sets no cap for) waits here for a supervisor. Supervisors and admins list them
// all and decide; an agent lists their own. Approving records the commitment exactly as a
// supervisor's own would be (revisit included); refusing keeps the reason. Each decision is
// audited, announced live to every console and told to the customer on their own channel.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Policy } from '../../domain/policy.ts';
import { DomainError } from '../../domain/domain-error.ts';
import type { ApprovalRecord, NoLongerPending } from '../approvals/approval-ports.ts';
import { APPROVAL_STATUSES } from '../approvals/approval-ports.ts';
import { hasRole, requireRole, signedIn } from '../auth/staff-auth.ts';
import { announceCommitment, commitmentAnswer, commitmentTerms } from '../cases/staff-commitment.ts';
import type { ConsoleServices } from '../console-services.ts';
import { approvalSchema, approvalWire } from './approval-wire.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

const MAX_DECISION_NOTE = 1000;
const LIST_LIMIT = 200;
/** A due time this little in the past still counts as now: the staff member's clock may be behind. */
const CLOCK_SKEW_MS = 60_000;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const delivered = z.boolean().describe('whether the customer’s channel took the notice (it is stored in the conversation either way)');
const committed = z.object({ id: z.string(), dueAt: z.string(), amountCents: z.number().int().nullable(), currency: z.string().nullable() });

export const approvalRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices; policy: Policy }> = async (app, { console: services, policy }) => {
  const { clock, cases } = services;
  const { store, announcer } = services.approvals;

  app.get(
    '/api/staff/approvals',
    {
      schema: {
        summary: 'Approval requests: supervisors and admins see everyone’s, an agent their own',
        description: `Refunds and vouchers agents recorded above the cap for the customer’s tier, by status (default pending: longest waiting first; decided ones latest first), at most ${LIST_LIMIT}.`,
        tags: ['staff'],
        querystring: z.object({
          status: z.enum(APPROVAL_STATUSES).default('pending'),
          caseId: z.string().min(1).max(100).optional().describe('only this case’s requests'),
          limit: z.coerce.number().int().min(1).max(LIST_LIMIT).default(100),
        }),
        response: { 200: z.object({ approvals: z.array(approvalSchema) }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const { status, caseId, limit } = request.query;
      const approvals = await store.list({ status, caseId, limit, ...(hasRole(staff, 'supervisor') ? {} : { requestedById: staff.id }) });
      return { approvals: approvals.map(approvalWire) };
    },
  );

  app.post(
    '/api/staff/approvals/:id/approve',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Approve a request (supervisors, admins): the commitment and its revisit are recorded, the customer is told what was agreed and when',
        description:
          'The commitment is recorded as a supervisor’s own would be (the commitment.recorded webhook, the revisit after it) and linked as `commitmentId`. `dueAt` replaces the requested due time, and is needed when that has passed while the request waited. 409 when the request is no longer pending (of two supervisors deciding at once, exactly one wins) or the case was closed meanwhile.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z
          .object({
            note: z.string().trim().max(MAX_DECISION_NOTE).optional().describe('a remark for the agent (optional)'),
            dueAt: z.iso.datetime({ offset: true }).optional().describe('a new due time (ISO 8601 with offset)'),
          })
          .nullish()
          .describe('optional: POST without a body approves as requested'),
        response: { 200: z.object({ approval: approvalSchema, commitment: committed, revisit: z.object({ id: z.string(), dueAt: z.string() }), delivered }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const now = clock();
      const body = request.body ?? {};
      const approval = await pendingApproval(request.params.id);
      const facts = await cases.caseFacts(approval.caseId);
      if (!facts) throw new DomainError('not_found', `the case ${approval.caseId} of this request no longer exists`);
      if (facts.status === 'closed') throw new DomainError('conflict', 'this case was closed while the request waited; reopen it before approving, or refuse the request');
      const dueAt = body.dueAt ? new Date(body.dueAt) : approval.dueAt;
      if (dueAt.getTime() < now.getTime() - CLOCK_SKEW_MS) {
        throw body.dueAt
          ? new DomainError('invalid_request', `body.dueAt: must be in the future (it is ${dueAt.toISOString()}, now is ${now.toISOString()})`)
          : new DomainError('conflict', `the requested due time ${dueAt.toISOString()} passed while the request waited; approve it with a new dueAt`);
      }
      const terms = {
        ...commitmentTerms(policy, { caseId: approval.caseId, kind: approval.kind, description: approval.description, dueAt, amountCents: approval.amountCents }),
        currency: approval.currency,
      };
      const result = await store.approve(approval.id, { commitment: terms, note: body.note || null }, staff.id, now);
      if (!result) throw new DomainError('not_found', `no approval request ${approval.id}`);
      if ('refused' in result) throw decidedAlready(result);
      announceCommitment(services.webhooks.dispatcher, terms, result.recorded, approval.customerId, staff.id);
      // Open consoles refresh the case's commitments as for one recorded directly.
      await services.caseEvents
        .publish({ type: 'case', conversationId: facts.conversationId, caseId: approval.caseId, change: 'commitment', staffId: staff.id })
        .catch((err: unknown) => request.log.warn({ err, approvalId: approval.id }, 'could not publish case work'));
      const told = await announcer.announce('approved', result.approval);
      return { approval: approvalWire(result.approval), ...commitmentAnswer(terms, result.recorded), delivered: told };
    },
  );

  app.post(
    '/api/staff/approvals/:id/refuse',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Refuse a request (supervisors, admins) with the reason; the customer is told it could not be approved and a person will discuss other options',
        description: 'The note is required: the agent who asked, and the audit, should know why. Nothing is recorded on the case. 409 when the request is no longer pending.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ note: z.string().trim().min(1, 'say why it is refused').max(MAX_DECISION_NOTE) }),
        response: { 200: z.object({ approval: approvalSchema, delivered }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const approval = await pendingApproval(request.params.id);
      const result = await store.refuse(approval.id, request.body.note, staff.id, clock());
      if (!result) throw new DomainError('not_found', `no approval request ${approval.id}`);
      if ('refused' in result) throw decidedAlready(result);
      const told = await announcer.announce('refused', result);
      return { approval: approvalWire(result), delivered: told };
    },
  );

  async function pendingApproval(id: string): Promise<ApprovalRecord> {
    const approval = await store.get(id);
    if (!approval) throw new DomainError('not_found', `no approval request ${id}`);
    if (approval.status !== 'pending') throw decidedAlready({ refused: 'not_pending', approval });
    return approval;
  }
};

function decidedAlready({ approval }: NoLongerPending): DomainError {
  const by = approval.decidedBy ? ` by ${approval.decidedBy.name}` : '';
  const at = approval.decidedAt ? ` at ${approval.decidedAt.toISOString()}` : '';
  return new DomainError('conflict', `this request is no longer pending: it was ${approval.status}${by}${at}`);
}
