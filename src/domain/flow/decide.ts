// One turn of the bot: reads the customer's message in context and decides the replies and
// effects. Safety and the customer's explicit wishes come first, then an open complaint, then
// small talk and questions.

import type { Decision, Effect, Reply } from './effects.ts';
import { requestedLanguage, Turn, type FlowDeps, type TurnInput } from './context.ts';
import { continueComplaint, pendingQuestion, startComplaint } from './complaint.ts';
import { escalate } from './escalation.ts';
import { continueSurvey } from './survey.ts';
import { askRatingIfResolved, continueRating } from './chat-rating.ts';
import { answerEntry, answerInquiry, pickedEntry, relevantAnswer, SUGGEST_THRESHOLD } from './inquiry.ts';
import { backFromPeople } from './after-people.ts';
import { holding } from './waiting.ts';
import { OPT_OUT_WORDS } from './opt-out.ts';
import { aboutTheBot, asksAboutTheBot, asksHowTheBotIs, asksWhatTheBotDoes, outOfScope, SMALL_TALK_INTENTS, smallTalk, staffHoursAnswer } from './small-talk.ts';
import type { FlowState } from './state.ts';
import { formatDateTime } from '../phrasebook.ts';
import { requestedTime } from './requested-time.ts';
import { describeStaffHours } from './staff-hours-text.ts';
import { strongerFeeling } from '../nlu/feeling.ts';

/** Still angry after this many messages in a complaint: a person takes over. */
const ANGER_LIMIT = 3;

export interface TurnOutcome extends Decision {
  state: FlowState;
}

export function decideTurn(input: TurnInput, deps: FlowDeps): TurnOutcome {
  const turn = new Turn(input, deps);
  const backFromPeopleNow = input.status === 'bot' && turn.state.escalation !== undefined && turn.state.escalation.at !== undefined && !turn.state.survey;
  const resumed = backFromPeopleNow ? undefined : resumeAfterSilence(turn);
  turn.state.turns += 1;
  turn.state.language = turn.language;
  turn.state.lastActivityAt = deps.now.toISOString();
  // A button press carries no feeling of its own; only what the customer wrote is read for it.
  if (turn.wrote && input.status !== 'human') turn.state.feeling = strongerFeeling(input.nlu.emotion, turn.state.feeling);
  const back = backFromPeopleNow ? backFromPeople(turn) : undefined;
  // A conversation handed back before handbacks were recorded (no time on the escalation) just carries on.
  if (input.status === 'bot' && turn.state.escalation && turn.state.escalation.at === undefined) delete turn.state.escalation;
  const decision = back?.decision ?? route(turn);
  const lead = [...(resumed ? [resumed] : []), ...(back?.lead ?? [])];
  const replies = decision.replies.length ? [...lead, ...decision.replies] : decision.replies;
  turn.state.lastChoices = replies.at(-1)?.choices ?? [];
  // What a rating after a bot-only chat looks at (chat-rating.ts): people took part, or the bot settled a complaint.
  if (turn.state.escalation || turn.input.status !== 'bot') turn.state.peopleInvolved = true;
  if (decision.contact.outcome === 'commitment') turn.state.botResolvedCase = true;
  const askRating = askRatingIfResolved(turn);
  const effects = [...customerFacts(turn), ...decision.effects, ...(askRating ? [askRating] : [])];
  return { ...decision, replies, effects, state: turn.state };
}

function route(turn: Turn): Decision {
  // An open rating belongs to this message only if it answers it; otherwise it is over (see continueRating).
  const rating = turn.state.rating;
  if (rating) delete turn.state.rating;
  const { status } = turn.input;
  const { intent, emotion, entities } = turn.input.nlu;
  if (status === 'human') return silent(turn);
  if (status === 'queued') return holding(turn);
  const wrote = turn.wrote;
  if (wrote) turn.state.angryStreak = emotion === 'angry' ? turn.state.angryStreak + 1 : 0;
  if (wrote && entities.safety) return escalateComplaint(turn, 'safety');
  if (wrote && emotion === 'victimized' && (intent === 'complaint' || turn.state.complaint)) return escalateComplaint(turn, 'victimized');
  if (turn.state.complaint && turn.state.angryStreak >= ANGER_LIMIT) return escalate(turn, 'angry');
  // A-tier customers (seed 004) skip the queue to their key account manager, after being heard.
  if (!turn.state.complaint && intent === 'complaint' && turn.input.customer.tier === 'A') return escalateComplaint(turn, 'a_tier_green_channel');
  // "你是机器人吧，转人工" asks for a person; only a question about the bot or the hours is answered as one.
  const transfer = TRANSFER_WORDS.test(turn.input.text);
  if (wrote && !transfer && asksAboutTheBot(turn.input.text)) return withPending(turn, aboutTheBot(turn));
  // "Could you answer that in English?": the last answer again, in the language asked for. A request
  // that says more ("english please, I'd like a replacement") is simply read on in that language.
  if (wrote && requestedLanguage(turn.input.text) && saysNothingElse(turn)) return withPending(turn, switchLanguage(turn));
  const explicit = turn.input.explicitIntent === true;
  // "When are your people in?" asks about people; it does not ask for one.
  if (wrote && !explicit && !transfer && asksStaffHours(turn)) return withPending(turn, staffHoursAnswer(turn));
  if (wrote && asksWhatTheBotDoes(turn.input.text)) return withPending(turn, outOfScope(turn, { capabilities: true }));
  if (wrote && asksHowTheBotIs(turn.input.text)) return withPending(turn, smallTalk(turn, 'how_are_you'));
  if ((wrote && intent === 'request_human') || (explicit && intent === 'request_human') || turn.isLabel('choice.person')) return escalate(turn, 'asked_for_person');
  if ((wrote && intent === 'opt_out' && OPT_OUT_WORDS.test(turn.input.text)) || (explicit && intent === 'opt_out')) return optOut(turn);
  if (rating) {
    const rated = continueRating(turn, rating);
    if (rated) return rated;
  }
  if (turn.state.survey) {
    const answered = continueSurvey(turn, turn.state.survey);
    if (answered) return answered;
  }
  if (turn.state.awaitingCallbackPhone) return callbackPhone(turn);
  const complaint = turn.state.complaint;
  if (complaint) return sideQuestion(turn) ?? continueComplaint(turn, complaint);
  const picked = pickedEntry(turn);
  if (picked) return answerEntry(turn, picked);
  // Weather, jokes, trivia: said so, even when a knowledge entry shares a word ("Shenzhen", "Australia").
  if (wrote && entities.outOfScope && intent !== 'complaint' && !entities.category) {
    turn.state.misunderstandings = 0; // understood: just not something the bot covers
    return outOfScope(turn);
  }
  // A question is answered even when it opens with a greeting or thanks ("hi, do you ship to Hong Kong?"),
  // and so is a request the classifier took for small talk when an entry answers it clearly ("改地址",
  // "invoice for my company please"): small talk shares no content word with an entry, so it never
  // scores that high. A command (/start) is what it says.
  const answer = turn.asks || intent === 'complaint' || (!explicit && SMALL_TALK_INTENTS.has(intent) && clearlyAnswered(turn)) ? relevantAnswer(turn) : undefined;
  if (answer && (intent !== 'complaint' || plainRequest(turn))) return answerEntry(turn, answer);
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
      // A yes or a no that opens the conversation answers nothing the bot asked: read as a question
      // when an entry is near ("contact details please"), so it is not met with "anything else?".
      if (turn.state.turns <= 1 && bestScore(turn) >= SUGGEST_THRESHOLD) return answerInquiry(turn);
      return smallTalk(turn, 'anything_else');
    case 'request_callback':
      return requestCallback(turn);
    case 'inquiry':
    case 'other':
    case 'request_human': // a button label misread as such; the explicit request was handled above
    case 'opt_out': // without the explicit words above, not trusted
      return entities.sarcasm ? smallTalk(turn, 'sarcasm') : answerInquiry(turn);
  }
}

/**
 * A "complaint" by the classifier alone that a knowledge entry answers well ("我想开个发票", "where's my
 * parcel, how do I check?", "is there a manual for the MY-880 fan?"): no word of something gone wrong,
 * no order, harm, anger or sarcasm, and a product only in a question. It is answered; a customer with
 * a real problem says so next and the complaint starts then.
 */
function plainRequest(turn: Turn): boolean {
  const { emotion, entities } = turn.input.nlu;
  return (
    clearlyAnswered(turn) &&
    !entities.fault &&
    (emotion === 'calm' || (emotion === 'annoyed' && (turn.asks || ASKS_FOR.test(turn.input.text)))) &&
    !entities.orderNumbers &&
    (!entities.product || turn.asks) &&
    !entities.safety &&
    !entities.sarcasm
  );
}

const CLEAR_ANSWER = 0.8;
function clearlyAnswered(turn: Turn): boolean {
  return bestScore(turn) >= CLEAR_ANSWER;
}

function bestScore(turn: Turn): number {
  return turn.input.knowledge[0]?.score ?? 0;
}
/** Words that ask to be put through, not about people: "转人工", "get me a human", "talk to a person". */
const TRANSFER_WORDS =
  /转人工|转接人工|找人工|要人工|接人工|人工客服|转真人|找真人|get me (a |an )?(human|person|agent|manager)|(talk|speak|chat) (to|with) (a |an )?(real )?(human|person|agent|manager|someone)|connect me|transfer me|put me through/i;
const ASKS_WHEN = /几点|什么时候|哪天|时间|周末|hours|what time|when (are|do|is)|open (on|at|until)|opening|weekend/i;

function saysNothingElse(turn: Turn): boolean {
  const { entities } = turn.input.nlu;
  return !entities.want && !entities.optionKinds && !entities.orderNumbers && !entities.product && !entities.category && !entities.safety;
}

function switchLanguage(turn: Turn): Decision {
  const last = turn.state.lastAnswer ? turn.deps.knowledgeBase.get(turn.state.lastAnswer) : undefined;
  const replies = [{ text: turn.t('language.switched') }, ...(last && !turn.state.complaint ? answerEntry(turn, last).replies : [])];
  return { replies, effects: [], contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: `asked for replies in ${turn.language}`, outcome: 'answered' } };
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

/** "Is anyone there at weekends?", "你们几点有人": a question about when people work. */
export function asksStaffHours(turn: Turn): boolean {
  const text = turn.input.text;
  return turn.asks && ASKS_WHEN.test(text) && PEOPLE.test(text);
}

const PEOPLE = /anyone|someone|somebody|staff|people|team|agent|person|human|colleague|人工|客服|有人|上班|值班|真人/i;

/** Asking for something ("can I get a refund?", "能给我换一个吗") rather than asking about it. */
const ASKS_FOR =
  /\b(can|could|may) (i|you|we) (get|have|please|just|send|give|do|fix|repair|replace|refund)|\b(want|wanna|need|would like|'d like|prefer)\b|\bplease\b|^(track|check|cancel|change|update|show|find|send|give) (me|my)\b|能不能(给|帮)|可以(给|帮)|给我|帮我|我要|我想/i;

/** A question asked mid-complaint is answered (or honestly not), then the pending question comes back. */
function sideQuestion(turn: Turn): Decision | undefined {
  const complaint = turn.state.complaint;
  if (!complaint || !turn.wrote || !turn.asks) return undefined;
  const { intent, entities } = turn.input.nlu;
  // A question about refunds or repairs in general ("how long do refunds take?") is not the customer's wish.
  const wish = (entities.want || entities.optionKinds) && ASKS_FOR.test(turn.input.text);
  // The classifier may call a sharp question a complaint ("你们客服电话到底是多少"); without a fault in it, it is a question.
  const complains = intent === 'complaint' && (entities.category !== undefined || entities.safety === true || entities.product !== undefined);
  if (complains || entities.orderNumbers || wish || entities.choiceIndex !== undefined) return undefined;
  if (asksStaffHours(turn)) return withPending(turn, staffHoursAnswer(turn));
  const offTopic = entities.outOfScope && !entities.fault;
  const entry = offTopic ? undefined : relevantAnswer(turn);
  const answered = offTopic ? outOfScope(turn, { brief: true }) : entry ? answerEntry(turn, entry) : undefined;
  if (!answered) return undefined;
  return withPending(turn, { ...answered, contact: { kind: 'complaint', summary: answered.contact.summary, outcome: 'in_progress' } });
}

/** Inside a complaint, an aside ends by coming back to the question the complaint is waiting on. */
function withPending(turn: Turn, decision: Decision): Decision {
  const complaint = turn.state.complaint;
  if (!complaint) return decision;
  const pending = pendingQuestion(turn, complaint);
  return { ...decision, replies: [...decision.replies, { ...pending, text: turn.join(turn.t('complaint.back_to_it'), pending.text) }] };
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
    // "Call me back at 10 tonight": the time asked for waits with the question for the number.
    const asked = requestedTime(turn.input.text, turn.deps.now, turn.input.customer.timezone);
    if (asked) turn.state.callbackAskedFor = asked.toISOString();
    else delete turn.state.callbackAskedFor;
    return { replies: [{ text: turn.t('callback.ask_phone') }], effects: [], contact: { kind: 'inquiry', summary: 'callback requested', outcome: 'in_progress' } };
  }
  return scheduleCallback(turn, phone);
}

function callbackPhone(turn: Turn): Decision {
  const phone = turn.input.nlu.entities.phones?.[0];
  if (phone) return scheduleCallback(turn, phone);
  turn.state.awaitingCallbackPhone = false;
  delete turn.state.callbackAskedFor;
  if (turn.input.nlu.intent === 'deny') return smallTalk(turn, 'anything_else');
  return { replies: [{ text: turn.t('callback.no_phone') }], effects: [], contact: { kind: 'inquiry', summary: 'callback requested without phone', outcome: 'unresolved' } };
}

function scheduleCallback(turn: Turn, phone: string): Decision {
  turn.state.awaitingCallbackPhone = false;
  const { policy, newId } = turn.deps;
  const tz = turn.input.customer.timezone;
  const asked = requestedTime(turn.input.text, turn.deps.now, tz) ?? (turn.state.callbackAskedFor ? new Date(turn.state.callbackAskedFor) : undefined);
  delete turn.state.callbackAskedFor;
  // The time asked for, else the tier's promised minutes; either moves to the next opening when nobody works then.
  const { at: dueAt, moved } = turn.staffedTime(asked ?? turn.promisedTime(policy.callbackMinutes[turn.input.customer.tier]));
  const id = newId();
  const when = formatDateTime(dueAt, turn.language, tz);
  let text: string;
  if (moved && asked) text = turn.t('callback.moved_to_staff_hours', { phone, when, asked: formatDateTime(asked, turn.language, tz), hours: describeStaffHours(turn) });
  else if (moved) text = turn.join(turn.t('callback.scheduled', { phone, when }), turn.t('promise.moved_to_staff_hours', { hours: describeStaffHours(turn) }));
  else text = turn.t(asked ? 'callback.scheduled_at' : 'callback.scheduled', { phone, when });
  return {
    replies: [{ text }],
    effects: [{ type: 'scheduleFollowUp', followUp: { id, kind: 'callback', dueAt, dedupeKey: `callback:request:${id}` } }],
    contact: { kind: 'inquiry', summary: `callback requested to ${phone}`, outcome: 'answered' },
  };
}

/** While a person is on the conversation the bot stays quiet. */
function silent(turn: Turn): Decision {
  return { replies: [], effects: [], contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: turn.contactSummary(), outcome: 'escalated' } };
}

/** After a long silence mid-complaint, remind the customer where we were. */
function resumeAfterSilence(turn: Turn): Reply | undefined {
  const last = turn.state.lastActivityAt ? Date.parse(turn.state.lastActivityAt) : NaN;
  if (!turn.state.complaint || turn.input.status !== 'bot' || Number.isNaN(last)) return undefined;
  if (turn.deps.now.getTime() - last < turn.deps.silenceResumeMs) return undefined;
  return { text: turn.join(turn.greeting(), turn.t('complaint.welcome_back')) };
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
