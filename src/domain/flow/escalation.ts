// Handing a conversation to people: priority, an honest message to the customer, a summary for staff.

import { caseUpdate, type Decision, type EscalationReason, type Effect, type Reply } from './effects.ts';
import { formatDateTime } from '../phrasebook.ts';
import type { Turn } from './context.ts';
import { writeHandoffSummaries } from './handoff-summary.ts';
import { describeStaffHours } from './staff-hours-text.ts';

const BASE_PRIORITY: Record<EscalationReason, number> = {
  safety: 100,
  victimized: 90,
  internal_error: 80,
  angry: 70,
  no_agreement: 60,
  asked_for_person: 50,
  a_tier_green_channel: 50,
  repeated_misunderstanding: 40,
  revisit_unsatisfied: 60,
  callback_due: 55,
};

const TIER_BOOST = { A: 20, B: 5, C: 0 } as const;

/** The priority of a handoff: the reason, the tier, and the strongest feeling of the whole conversation. */
export function escalationPriority(reason: EscalationReason, turn: Turn): number {
  const feeling = turn.state.feeling ?? turn.input.nlu.emotion;
  const angerBoost = feeling === 'angry' || feeling === 'victimized' ? 10 : 0;
  return BASE_PRIORITY[reason] + TIER_BOOST[turn.input.customer.tier] + angerBoost;
}

/**
 * While the customer waits in the queue, what they write may make the wait more urgent (harm,
 * feeling wronged), never less: the escalation that moves them up the queue, if any. Anger alone
 * does not: the emotion classifier reads many short replies ("ok, thanks") as angry.
 */
export function raiseUrgency(turn: Turn): Extract<Effect, { type: 'escalate' }> | undefined {
  const current = turn.state.escalation;
  if (!current || turn.isChoiceReply) return undefined;
  const { emotion, entities } = turn.input.nlu;
  const reason = entities.safety ? 'safety' : emotion === 'victimized' ? 'victimized' : undefined;
  if (!reason) return undefined;
  const priority = escalationPriority(reason, turn);
  if (priority <= current.priority) return undefined;
  turn.state.escalation = { ...current, reason, priority };
  return escalationEffect(turn, reason, priority);
}

/**
 * Queues the conversation for a person and tells the customer what happens next and when. Out of
 * staff hours that is a promised callback at the next opening (in the customer's time zone),
 * written as a FollowUp, and the conversation stays queued for the morning.
 */
export function escalate(turn: Turn, reason: EscalationReason, lead: Reply[] = []): Decision {
  if (turn.input.escalationLimitReached) return alreadyWithStaff(turn, reason, lead);
  const priority = escalationPriority(reason, turn);
  const minutes = turn.deps.policy.handoffWaitMinutes[turn.input.customer.tier];
  const escalation = escalationEffect(turn, reason, priority);
  const effects: Effect[] = [escalation, { type: 'setStatus', status: 'queued' }];
  const complaint = turn.state.complaint;
  if (complaint) {
    effects.push({ type: 'updateCase', update: { ...caseUpdate(complaint), status: 'escalated' } });
  }
  turn.state.escalation = { reason, priority, at: turn.deps.now.toISOString() };
  turn.state.misunderstandings = 0;
  turn.state.kbChoices = [];
  const staff = turn.deps.staff;
  let next: string;
  if (staff && !staff.open) {
    const time = formatDateTime(staff.nextOpening, turn.language, turn.input.customer.timezone);
    next = turn.t('handoff.after_hours', { time });
    // One promised callback per customer and opening, however often they ask tonight.
    const dedupeKey = `callback:after-hours:${turn.input.customer.id}:${staff.nextOpening.toISOString()}`;
    effects.push({ type: 'scheduleFollowUp', followUp: { id: turn.deps.newId(), kind: 'callback', dueAt: staff.nextOpening, dedupeKey, ...(complaint ? { caseId: complaint.caseId } : {}) } });
  } else {
    next = turn.t('handoff.next', { minutes, hours: describeStaffHours(turn) });
  }
  const replies = [...lead, { text: turn.join(turn.t(`handoff.${reason}`), next) }];
  return {
    replies,
    effects,
    contact: { kind: complaint ? 'complaint' : 'inquiry', summary: escalation.summary, outcome: 'escalated' },
  };
}

/**
 * Past the day's limit of handoffs for this conversation: staff already have it, so no new queue
 * entry or alert; the customer is told so, honestly, and the bot stays with them.
 */
function alreadyWithStaff(turn: Turn, reason: EscalationReason, lead: Reply[]): Decision {
  const complaint = turn.state.complaint;
  turn.state.misunderstandings = 0; // otherwise every next unclear message would say this again
  return {
    replies: [...lead, { text: turn.t('handoff.limit_reached') }],
    effects: [],
    contact: { kind: complaint ? 'complaint' : 'inquiry', summary: `wanted a person again (${reason}); not queued: this conversation reached its handoffs for today`, outcome: 'in_progress' },
  };
}

function escalationEffect(turn: Turn, reason: EscalationReason, priority: number): Extract<Effect, { type: 'escalate' }> {
  const { customer, nlu, text } = turn.input;
  const summaries = writeHandoffSummaries(turn.deps.phrases, {
    reason,
    customer,
    emotion: turn.state.feeling ?? nlu.emotion,
    ...(turn.state.complaint ? { complaint: turn.state.complaint } : {}),
    lastMessage: text,
  });
  return { type: 'escalate', reason, priority, summary: summaries.en, summaries };
}
