// While the customer waits for a person the bot keeps helping: it answers questions, applies an
// opt-out, gives the safety advice again (and moves them up) when harm is reported, says where
// they are in the queue, and owns up when the promised wait has passed. Never the same note twice.

import { caseUpdate, type Decision, type Reply } from './effects.ts';
import { collectFacts } from './facts.ts';
import { pendingQuestion } from './complaint.ts';
import type { Turn } from './context.ts';
import { raiseUrgency } from './escalation.ts';
import { answerEntry, relevantAnswer } from './inquiry.ts';
import { aboutTheBot, asksAboutTheBot, outOfScope } from './small-talk.ts';
import { formatDateTime } from '../phrasebook.ts';
import { OPT_OUT_WORDS } from './opt-out.ts';

/** "Never mind, I don't need a person" / "算了，不用人工了": the customer leaves the queue. */
const NO_PERSON_NEEDED =
  /never ?mind|no need (for|to talk to) (a|the)? ?(person|human|agent)|(don'?t|do not) need (a |the )?(person|human|agent|anyone)|cancel (the )?(transfer|request|queue)|i'?ll (just )?(stay with|use) the bot|不用(转)?人工|不要(转)?人工|不需要(转)?人工|不找人工|不用转了|取消(转)?人工|算了.{0,4}(不用|不等|不要)|不等了/i;

export function holding(turn: Turn): Decision {
  const { entities } = turn.input.nlu;
  if (turn.wrote && NO_PERSON_NEEDED.test(turn.input.text) && turn.state.escalation?.reason !== 'safety') return leaveQueue(turn);
  const kind = turn.state.complaint ? 'complaint' : 'inquiry';
  // What they add while waiting (it is on fire now, they feel cheated) may move them up the queue.
  const raised = raiseUrgency(turn);
  const replies: Reply[] = [];
  const effects: Decision['effects'] = raised ? [raised] : [];
  let summary = raised?.summary ?? turn.contactSummary();
  if (turn.wrote && entities.safety) replies.push({ text: turn.t('waiting.safety') });
  else if (turn.wrote && OPT_OUT_WORDS.test(turn.input.text)) {
    replies.push({ text: turn.t('opt_out.done') });
    effects.push({ type: 'optOut' });
    summary = 'opted out of greetings and promotions while waiting';
  } else if (turn.wrote && asksAboutTheBot(turn.input.text)) replies.push(...aboutTheBot(turn).replies);
  else if (turn.wrote && turn.asks) {
    const entry = entities.outOfScope ? undefined : relevantAnswer(turn);
    if (entities.outOfScope) replies.push(...outOfScope(turn, { brief: true }).replies);
    else if (entry) replies.push(...answerEntry(turn, entry).replies);
    // Someone hurt or in danger who asks what to do gets the safety advice again.
    else if (turn.state.escalation?.reason === 'safety') replies.push({ text: turn.t('waiting.safety') });
  }
  // Facts they add while waiting (the order number, the product) go on the case for the person who takes it.
  const complaint = turn.state.complaint;
  if (complaint && turn.wrote && collectFacts(turn, complaint, { firstMessage: false, answering: false }).changed) {
    effects.push({ type: 'updateCase', update: caseUpdate(complaint) });
  }
  replies.push({ text: holdingNote(turn) });
  turn.state.holding.notes += 1;
  return { replies, effects, contact: { kind, summary, outcome: 'escalated' } };
}

/** Back with the bot: out of the queue, and on with whatever the complaint was waiting for. */
function leaveQueue(turn: Turn): Decision {
  delete turn.state.escalation;
  turn.state.holding = { notes: 0, overdueTold: false };
  const complaint = turn.state.complaint;
  const next = complaint ? pendingQuestion(turn, complaint) : { text: turn.t('smalltalk.anything_else') };
  const effects: Decision['effects'] = [{ type: 'setStatus', status: 'bot' }];
  if (complaint) effects.push({ type: 'updateCase', update: { ...caseUpdate(complaint), status: 'open' } });
  return {
    replies: [{ ...next, text: turn.join(turn.t('waiting.left_queue'), next.text) }],
    effects,
    contact: { kind: complaint ? 'complaint' : 'inquiry', summary: 'left the queue: no person needed any more', outcome: 'in_progress' },
  };
}

/** Where they are and how long it should take; honest once the promised wait has run out. */
function holdingNote(turn: Turn): string {
  const staff = turn.deps.staff;
  const tz = turn.input.customer.timezone;
  if (staff && !staff.open) return turn.t('handoff.holding_after_hours', { time: formatDateTime(staff.nextOpening, turn.language, tz) }, turn.state.holding.notes);
  const promised = turn.deps.policy.handoffWaitMinutes[turn.input.customer.tier];
  const queue = turn.input.queue;
  const waited = queue ? Math.floor((turn.deps.now.getTime() - queue.waitingSince.getTime()) / 60_000) : 0;
  if (queue && waited >= promised) {
    // Told already, with a new estimate, by the SLA pass: no second apology, only where they stand.
    // Once the bot owned up itself the SLA pass only marks the notice and sends none: there is no estimate to refer to.
    if (queue.delayNoticed && !turn.state.holding.overdueTold) return turn.t('waiting.after_delay_notice', { position: queue.position }, turn.state.holding.notes);
    const told = turn.state.holding.overdueTold;
    turn.state.holding.overdueTold = true;
    return turn.t(told ? 'waiting.still_overdue' : 'waiting.overdue', { waited, position: queue.position }, turn.state.holding.notes);
  }
  const left = Math.max(1, promised - waited);
  if (queue) return turn.t(queue.position === 1 ? 'waiting.next_in_line' : 'waiting.place', { position: queue.position, minutes: left }, turn.state.holding.notes);
  return turn.t('handoff.holding', { minutes: left }, turn.state.holding.notes);
}
