// An approval request as the console API and its live `approval` event send it.

import { z } from 'zod';
import { AMOUNT_KINDS } from '../../domain/policy.ts';
import { APPROVAL_STATUSES, type ApprovalRecord } from '../approvals/approval-ports.ts';
import { staffRefSchema } from './wire-schemas.ts';

export const approvalSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    conversationId: z.string().nullable().describe('the case’s conversation, where the customer is told'),
    customerId: z.string(),
    customerName: z.string().nullable(),
    kind: z.enum(AMOUNT_KINDS),
    description: z.string(),
    dueAt: z.string().describe('when the refund or voucher is due once approved (ISO 8601)'),
    amountCents: z.number().int(),
    currency: z.string(),
    capCents: z.number().int().nullable().describe('the cap of the case’s tier the amount is above; null when the policy sets none for this kind'),
    status: z.enum(APPROVAL_STATUSES).describe('pending until a supervisor decides; withdrawn when the customer’s data was erased while it waited'),
    requestedBy: staffRefSchema,
    decidedBy: staffRefSchema.nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable().describe('why it was refused, or the supervisor’s remark on approving it'),
    commitmentId: z.string().nullable().describe('the commitment recorded when it was approved'),
    createdAt: z.string(),
  })
  .describe('a refund or voucher an agent recorded above the cap for the customer’s tier, waiting for (or decided by) a supervisor');

export type ApprovalWire = z.infer<typeof approvalSchema>;

export function approvalWire(a: ApprovalRecord): ApprovalWire {
  return {
    ...a,
    dueAt: a.dueAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}
