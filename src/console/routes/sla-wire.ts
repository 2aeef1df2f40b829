// The SLA timer of a conversation as the console API sends it (the `sla` field of the conversation
// list and of one conversation): what runs, when it turns amber and red, and the seconds to each
// from the server's clock, so the page counts down without asking again (and without trusting the
// browser's clock).

import { z } from 'zod';
import { SLA_KINDS, SLA_STATES, slaTimer } from '../../domain/sla/sla-timer.ts';
import type { SlaServices } from '../../sla/start-sla.ts';
import type { QueueItem } from '../ports.ts';

export const slaSchema = z
  .object({
    kind: z.enum(SLA_KINDS).describe('first_reply until a staff member has written to the customer since the handoff, then resolution'),
    state: z.enum(SLA_STATES).describe('ok; amber once amberAtPercent of the target is used; red once the target has passed (breached)'),
    dueAt: z.string().describe('when the target passes (ISO 8601); targets count staff hours only, so a night handoff is due after the next opening'),
    amberAt: z.string().describe('when the timer turns amber (ISO 8601)'),
    targetMinutes: z.number().describe('the target for the customer’s tier, in staff minutes (config/sla.yaml)'),
    secondsLeft: z.number().int().describe('seconds from the server’s now to dueAt; negative once passed'),
    secondsToAmber: z.number().int().describe('seconds from the server’s now to amberAt; negative once passed'),
  })
  .nullable()
  .describe('the SLA timer of a queued or held conversation handed to people; null for the bot’s and closed ones');

export type SlaWire = z.infer<typeof slaSchema>;

export function slaWire(item: QueueItem, sla: Pick<SlaServices, 'rules' | 'hours'>, now: Date): SlaWire {
  const timer = slaTimer({ status: item.status, tier: item.customer.tier, queuedAt: item.queuedAt, lastStaffReplyAt: item.lastStaffReplyAt }, sla.rules, sla.hours, now);
  if (!timer) return null;
  const seconds = (at: Date) => Math.round((at.getTime() - now.getTime()) / 1000);
  return {
    kind: timer.kind,
    state: timer.state,
    dueAt: timer.dueAt.toISOString(),
    amberAt: timer.amberAt.toISOString(),
    targetMinutes: timer.targetMinutes,
    secondsLeft: seconds(timer.dueAt),
    secondsToAmber: seconds(timer.amberAt),
  };
}
