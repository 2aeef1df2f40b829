// Back from people: staff handed the conversation back to the bot. The case is theirs now: the
// bot does not restart it, tells the customer what staff committed to, and helps with anything new.

import type { Decision, Reply } from './effects.ts';
import type { CommitmentSummary, Turn } from './context.ts';
import { formatDateTime, formatMoney } from '../phrasebook.ts';

/** Clears what the bot knew before the handoff; the commitments on record lead the reply. */
export function backFromPeople(turn: Turn): { lead: Reply[]; decision?: Decision } {
  const handled = turn.state.complaint;
  delete turn.state.escalation;
  delete turn.state.complaint;
  // What comes next is read afresh: the feelings of the case people handled do not carry over.
  turn.state.feeling = turn.wrote ? turn.input.nlu.emotion : undefined;
  turn.state.holding = { notes: 0, overdueTold: false };
  turn.state.misunderstandings = 0;
  const commitments = turn.input.commitments ?? [];
  const { intent, entities } = turn.input.nlu;
  const somethingNew = intent === 'complaint' || entities.safety === true || intent === 'request_human' || intent === 'opt_out';
  if (commitments.length === 0) return { lead: [] };
  const lead: Reply[] = [{ text: turn.t('after_people.commitments', { list: turn.list(commitments.map((c) => describe(turn, c))) }) }];
  if (somethingNew) return { lead };
  const summary = `back from people${handled ? ` (case ${handled.caseId})` : ''}: told the customer ${commitments.length} commitment(s)`;
  return { lead, decision: { replies: [{ text: turn.t('after_people.anything_new') }], effects: [], contact: { kind: 'inquiry', summary, outcome: 'answered' } } };
}

function describe(turn: Turn, c: CommitmentSummary): string {
  const due = formatDateTime(c.dueAt, turn.language, turn.input.customer.timezone);
  const amount = c.amountCents !== null ? formatMoney(c.amountCents, c.currency ?? turn.deps.policy.currency, turn.language) : '';
  const kind = turn.deps.phrases.has(`commitment.${c.kind}`, turn.language) ? c.kind : 'other';
  return turn.t(`commitment.${kind}`, { amount, due, description: c.description });
}
