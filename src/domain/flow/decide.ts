// One turn of the bot: reads the customer's message in context and decides the replies and
// effects. Safety and the customer's explicit wishes come first, then an open complaint, then
// small talk and questions.

import type { Decision, Effect, Reply } from './effects.ts';
import { Turn, type FlowDeps, type TurnInput } from './context.ts';
import { continueComplaint, pendingQuestion, startComplaint } from './complaint.ts';
import { escalate, raiseUrgency } from './escalation.ts';
import { continueSurvey } from './survey.ts';
import { ANSWER_THRESHOLD, answerEntry, answerInquiry, pickedEntry } from './inquiry.ts';
import type { FlowState } from './state.ts';
import { formatDateTime } from '../phrasebook.ts';

/** Opting out is acted on only when said in so many words: a misread "退款" must not unsubscribe anyone. */
const OPT_OUT_WORDS = /退订|取消订阅|别再发|不要再发|别发了|不要发|别给我发|不再接收|停止发送|拒收|unsubscribe|opt[\s-]?out|stop (sending|messag|texting|emailing|contacting)|don'?t (send|message|text|contact)|no more (messages|greetings|promotions|emails|texts)|remove me/i;

/** Still angry after this many messages in a complaint: a person takes over. */
const ANGER_LIMIT = 3;

export interface TurnOutcome extends Decision {
  state: FlowState;
}

export function decideTurn(input: TurnInput, deps: FlowDeps): TurnOutcome {
  const turn = new Turn(input, deps);
  const resumed = resumeAfterSilence(turn);
  turn.state.turns += 1;
  turn.state.language = turn.language;
  turn.state.lastActivityAt = deps.now.toISOString();
  const decision = route(turn);
  turn.state.lastChoices = decision.replies.at(-1)?.choices ?? [];
  const effects = [...customerFacts(turn), ...decision.effects];
  const replies = resumed && decision.replies.length ? [resumed, ...decision.replies] : decision.replies;
  return { ...decision, replies, effects, state: turn.state };
}

function route(turn: Turn): Decision {
  const { status } = turn.input;
  const { intent, emotion, entities } = turn.input.nlu;
  if (status === 'human') return silent(turn);
  if (status === 'queued') return holding(turn);
  // A button press carries no feeling of its own; only what the customer wrote is read for it.
  const wrote = !turn.isChoiceReply;
  if (wrote) turn.state.angryStreak = emotion === 'angry' ? turn.state.angryStreak + 1 : 0;
  if (wrote && entities.safety) return escalateComplaint(turn, 'safety');
  if (wrote && emotion === 'victimized' && (intent === 'complaint' || turn.state.complaint)) return escalateComplaint(turn, 'victimized');
  if (turn.state.complaint && turn.state.angryStreak >= ANGER_LIMIT) return escalate(turn, 'angry');
  // A-tier customers (seed 004) skip the queue to their key account manager, after being heard.
  if (!turn.state.complaint && intent === 'complaint' && turn.input.customer.tier === 'A') return escalateComplaint(turn, 'a_tier_green_channel');
  const explicit = turn.input.explicitIntent === true;
  if ((wrote && intent === 'request_human') || explicit && intent === 'request_human' || turn.isLabel('choice.person')) return escalate(turn, 'asked_for_person');
  if ((wrote && intent === 'opt_out' && OPT_OUT_WORDS.test(turn.input.text)) || (explicit && intent === 'opt_out')) return optOut(turn);
  if (turn.state.survey) {
    const answered = continueSurvey(turn, turn.state.survey);
    if (answered) return answered;
  }
  if (turn.state.awaitingCallbackPhone) return callbackPhone(turn);
  const complaint = turn.state.complaint;
  if (complaint) return sideQuestion(turn) ?? continueComplaint(turn, complaint);
  const picked = pickedEntry(turn);
  if (picked) return answerEntry(turn, picked);
  switch (intent) {
    case 'complaint':
      return startComplaint(turn);
    case 'greet':
      return smallTalk(turn, 'greet');
    case 'thanks':
      return smallTalk(turn, 'thanks');
    case 'goodbye':
      return smallTalk(turn, 'goodbye');
    case 'praise':
      return smallTalk(turn, 'praise');
    case 'affirm':
    case 'deny':
      return smallTalk(turn, 'anything_else');
    case 'request_callback':
      return requestCallback(turn);
    case 'inquiry':
    case 'other':
    case 'request_human': // a button label misread as such; the explicit request was handled above
    case 'opt_out': // without the explicit words above, not trusted
      return answerInquiry(turn);
  }
}

/** A victimized, endangered or key customer goes to a person at once, heard first (step 1). */
function escalateComplaint(turn: Turn, reason: 'safety' | 'victimized' | 'a_tier_green_channel'): Decision {
  const effects: Effect[] = [];
  let lead: Reply[] = [];
  if (!turn.state.complaint) {
    const opened = startComplaint(turn);
    effects.push(...opened.effects);
    lead = opened.replies.slice(0, 1);
  }
  const handed = escalate(turn, reason, lead);
  return { ...handed, effects: [...effects, ...handed.effects] };
}

/** A clear knowledge question asked mid-complaint is answered, then the pending question repeats. */
function sideQuestion(turn: Turn): Decision | undefined {
  const complaint = turn.state.complaint;
  const [best] = turn.input.knowledge;
  const asks = /[?？]|^(how|what|when|where|can|do|does|is|are)\b|吗|怎么|多久|哪里|什么/i.test(turn.input.text.trim());
  if (!complaint || turn.input.nlu.intent !== 'inquiry' || !asks || !best || best.score < ANSWER_THRESHOLD) return undefined;
  const answer = answerEntry(turn, best.entry);
  return {
    replies: [...answer.replies, { ...pendingQuestion(turn, complaint), text: `${turn.t('complaint.back_to_it')} ${pendingQuestion(turn, complaint).text}` }],
    effects: [],
    contact: { kind: 'complaint', summary: answer.contact.summary, outcome: 'in_progress' },
  };
}

function smallTalk(turn: Turn, key: 'greet' | 'thanks' | 'goodbye' | 'praise' | 'anything_else'): Decision {
  turn.state.misunderstandings = 0;
  const text = key === 'greet' ? `${turn.salutation}${turn.t('smalltalk.greet')}` : turn.t(`smalltalk.${key}`);
  const outcome = turn.state.answered.length > 0 || key === 'goodbye' ? 'answered' : 'in_progress';
  return { replies: [{ text }], effects: [], contact: { kind: 'inquiry', summary: contactSummary(turn), outcome } };
}

function optOut(turn: Turn): Decision {
  return {
    replies: [{ text: turn.t('opt_out.done') }],
    effects: [{ type: 'optOut' }],
    contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: 'opted out of greetings and promotions', outcome: 'opted_out' },
  };
}

function requestCallback(turn: Turn): Decision {
  const phone = turn.input.nlu.entities.phones?.[0] ?? turn.input.customer.phone;
  if (!phone) {
    turn.state.awaitingCallbackPhone = true;
    return { replies: [{ text: turn.t('callback.ask_phone') }], effects: [], contact: { kind: 'inquiry', summary: 'callback requested', outcome: 'in_progress' } };
  }
  return scheduleCallback(turn, phone);
}

function callbackPhone(turn: Turn): Decision {
  const phone = turn.input.nlu.entities.phones?.[0];
  if (phone) return scheduleCallback(turn, phone);
  turn.state.awaitingCallbackPhone = false;
  if (turn.input.nlu.intent === 'deny') return smallTalk(turn, 'anything_else');
  return { replies: [{ text: turn.t('callback.no_phone') }], effects: [], contact: { kind: 'inquiry', summary: 'callback requested without phone', outcome: 'unresolved' } };
}

function scheduleCallback(turn: Turn, phone: string): Decision {
  turn.state.awaitingCallbackPhone = false;
  const { policy, now, newId } = turn.deps;
  const dueAt = new Date(now.getTime() + policy.callbackMinutes[turn.input.customer.tier] * 60_000);
  const id = newId();
  const when = formatDateTime(dueAt, turn.language, turn.input.customer.timezone);
  return {
    replies: [{ text: turn.t('callback.scheduled', { phone, when }) }],
    effects: [{ type: 'scheduleFollowUp', followUp: { id, kind: 'callback', dueAt, dedupeKey: `callback:request:${id}` } }],
    contact: { kind: 'inquiry', summary: `callback requested to ${phone}`, outcome: 'answered' },
  };
}

/** While a person is on the conversation the bot stays quiet. */
function silent(turn: Turn): Decision {
  return { replies: [], effects: [], contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: contactSummary(turn), outcome: 'escalated' } };
}

function holding(turn: Turn): Decision {
  const minutes = turn.deps.policy.handoffWaitMinutes[turn.input.customer.tier];
  const staff = turn.deps.staff;
  // Out of hours the wait is until the opening we promised, not minutes.
  const text =
    staff && !staff.open
      ? turn.t('handoff.holding_after_hours', { time: formatDateTime(staff.nextOpening, turn.language, turn.input.customer.timezone) })
      : turn.t('handoff.holding', { minutes });
  // What they add while waiting (it is on fire now, they feel cheated) may move them up the queue.
  const raised = raiseUrgency(turn);
  return {
    replies: [{ text }],
    effects: raised ? [raised] : [],
    contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: raised?.summary ?? contactSummary(turn), outcome: 'escalated' },
  };
}

/** After a long silence mid-complaint, remind the customer where we were. */
function resumeAfterSilence(turn: Turn): Reply | undefined {
  const last = turn.state.lastActivityAt ? Date.parse(turn.state.lastActivityAt) : NaN;
  if (!turn.state.complaint || Number.isNaN(last)) return undefined;
  if (turn.deps.now.getTime() - last < turn.deps.silenceResumeMs) return undefined;
  return { text: `${turn.salutation}${turn.t('complaint.welcome_back')}` };
}

/** Contact details the customer mentioned, kept on the profile card. */
function customerFacts(turn: Turn): Effect[] {
  const { entities } = turn.input.nlu;
  const { customer } = turn.input;
  const update: Extract<Effect, { type: 'updateCustomer' }> = { type: 'updateCustomer' };
  const phone = entities.phones?.[0];
  const email = entities.emails?.[0];
  const order = entities.orderNumbers?.[0];
  if (entities.name && !customer.name) update.name = entities.name;
  if (phone && phone !== customer.phone) update.phone = phone;
  if (email && email !== customer.email) update.email = email;
  if (order) update.orderNumber = order;
  return Object.keys(update).length > 1 ? [update] : [];
}

function contactSummary(turn: Turn): string {
  const topics = turn.state.answered.join(', ');
  return topics ? `asked about: ${topics}` : `chat: "${turn.input.text.slice(0, 120)}"`;
}
