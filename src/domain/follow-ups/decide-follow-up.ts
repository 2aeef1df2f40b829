// What to do with a follow-up that has come due: send it (and what to say), hand it to staff as a
// task, move it out of the customer's quiet hours, or cancel it because it no longer makes sense
// (case settled, customer already wrote back, opted out). Pure: the job runner does the I/O.

import { formatDateTime, type Phrasebook, type PhraseVars } from '../phrasebook.ts';
import { surveyChoices } from '../flow/survey.ts';
import { ratingChoices } from '../flow/chat-rating.ts';
import { localDateOf } from '../greetings/send-window.ts';
import type { FollowUpKind, Language, Tier } from '../types.ts';

export type { FollowUpKind } from '../types.ts';

export interface FollowUpFacts {
  kind: FollowUpKind;
  followUpId: string;
  payload: Record<string, unknown>;
  customer: { name: string | null; locale: string; timezone: string; tier: Tier; optOutGreetings: boolean; optOutMarketing: boolean };
  caseInfo: { id: string; status: string; agreedSolution: string | null } | null;
  commitment: { status: string; description: string; dueAt: Date } | null;
  /** Whether a channel of the customer's can be reached. */
  reachable: boolean;
  takenUpSince: boolean;
  /** The customer's open conversation is with people (queued or held): the bot must not ask anything there now. */
  withPeople: boolean;
  /** The assigned staff member (callback) or key account manager (outreach task). */
  staffId: string | null;
}

export interface FollowUpRules {
  /** True in the customer's quiet hours (no greetings, check-ins or surveys then). */
  isQuiet: (at: Date, timeZone: string) => boolean;
  /** The next moment outside quiet hours, in the customer's daytime. */
  nextAllowed: (at: Date, timeZone: string) => Date;
  /** A-tier greeting gift code, when configured. */
  giftCode?: string;
  /** A chat rating that cannot go out within this long of the chat's end is stale: cancelled (CSAT_ASK_WITHIN_MS). */
  ratingWithinMs?: number;
}

export type FollowUpDecision =
  | {
      action: 'cancel';
      reason: string;
      /** A chat rating cancelled: what its ChatRating row becomes (skipped: opted out or unreachable; expired: too late). */
      rating?: { id: string; status: 'skipped' | 'expired' };
    }
  | { action: 'defer'; until: Date; reason: string }
  | { action: 'task'; summary: string }
  | {
      action: 'send';
      text: string;
      choices?: string[];
      flowPatch?: Record<string, unknown>;
      queue?: { reason: 'callback_due'; priority: number; staffId: string | null };
      summary: string;
    };

/** A due callback waits in the staff queue with this priority (escalation reasons use 40–100). */
export const CALLBACK_PRIORITY = 55;

const SETTLED = new Set(['fulfilled', 'closed']);
/**
 * A bot message never goes into a conversation people hold or are about to take: a follow-up
 * held back for that is tried again this much later.
 */
const WITH_PEOPLE_RETRY_MS = 60 * 60_000;
const WITH_PEOPLE = 'a person is talking with the customer';

export function decideFollowUp(facts: FollowUpFacts, now: Date, phrases: Phrasebook, rules: FollowUpRules): FollowUpDecision {
  const language: Language = facts.customer.locale === 'zh' ? 'zh' : 'en';
  const tz = facts.customer.timezone;
  const say = (key: string, vars: PhraseVars = {}) => phrases.say(key, language, vars);
  // Rendered only by the kinds that address the customer so (not greetings: a worker renders thousands a second).
  const salutation = () => (facts.customer.name?.trim() ? say('salutation.named', { name: facts.customer.name.trim() }) : say('salutation.anonymous'));
  const reference = facts.caseInfo ? facts.caseInfo.id.slice(0, 8).toUpperCase() : '';
  const outOfQuiet = (): FollowUpDecision | undefined => (rules.isQuiet(now, tz) ? { action: 'defer', until: rules.nextAllowed(now, tz), reason: 'quiet hours' } : undefined);
  const afterPeople = (): FollowUpDecision | undefined => (facts.withPeople ? { action: 'defer', until: new Date(now.getTime() + WITH_PEOPLE_RETRY_MS), reason: WITH_PEOPLE } : undefined);

  switch (facts.kind) {
    case 'callback': {
      if (facts.caseInfo && SETTLED.has(facts.caseInfo.status)) return { action: 'cancel', reason: `case already ${facts.caseInfo.status}` };
      if (facts.takenUpSince) return { action: 'cancel', reason: 'the customer already wrote back about it' };
      const summary = facts.caseInfo ? `callback on case ${reference}` : 'callback';
      // A promise to call back is kept by a person, even for a customer who asked for no messages.
      if (facts.customer.optOutGreetings || !facts.reachable)
        return { action: 'task', summary: `${summary}: staff only (${facts.reachable ? 'customer opted out of messages' : 'no reachable channel'})` };
      const withPeople = afterPeople();
      if (withPeople) return withPeople;
      const text =
        facts.caseInfo && facts.commitment
          ? say('followup.callback.case', { salutation: salutation(), reference, solution: facts.commitment.description, due: formatDateTime(facts.commitment.dueAt, language, tz) })
          : say('followup.callback.general', { salutation: salutation() });
      return { action: 'send', text, queue: { reason: 'callback_due', priority: CALLBACK_PRIORITY, staffId: facts.staffId }, summary };
    }
    case 'revisit': {
      if (!facts.caseInfo) return { action: 'cancel', reason: 'the case is gone' };
      if (facts.caseInfo.status === 'closed') return { action: 'cancel', reason: 'case already closed' };
      if (facts.commitment && facts.commitment.status === 'cancelled') return { action: 'cancel', reason: 'commitment cancelled' };
      if (facts.customer.optOutGreetings) return { action: 'cancel', reason: 'customer opted out' };
      if (!facts.reachable) return { action: 'cancel', reason: 'no reachable channel' };
      const withPeople = afterPeople();
      if (withPeople) return withPeople;
      const quiet = outOfQuiet();
      if (quiet) return quiet;
      const solution = facts.commitment?.description ?? facts.caseInfo.agreedSolution ?? '';
      return {
        action: 'send',
        text: say('survey.ask_score', { salutation: salutation(), reference, solution }),
        choices: surveyChoices(),
        // The buttons go into the flow state too, so a press is read as a press, not as free text.
        flowPatch: { survey: { followUpId: facts.followUpId, caseId: facts.caseInfo.id, language, stage: 'score' }, lastChoices: surveyChoices() },
        summary: `revisit on case ${reference}: survey sent`,
      };
    }
    case 'greeting': {
      if (facts.customer.optOutGreetings) return { action: 'cancel', reason: 'customer opted out of greetings' };
      if (!facts.reachable) return { action: 'cancel', reason: 'no reachable channel' };
      // A festival or birthday greeting belongs to its day: a day late (retries, an outage, a
      // night in quiet hours) it is dropped rather than sent.
      const day = typeof facts.payload.localDate === 'string' ? facts.payload.localDate : undefined;
      if (day && localDateOf(now, tz) > day) return { action: 'cancel', reason: `the day of the greeting (${day}) has passed` };
      const later = afterPeople() ?? outOfQuiet();
      if (later && day && later.action === 'defer' && localDateOf(later.until, tz) !== day)
        return { action: 'cancel', reason: later.reason === WITH_PEOPLE ? `${WITH_PEOPLE} until ${day} is over` : `no allowed hour left on ${day}` };
      if (later) return later;
      const occasion = String(facts.payload.occasion ?? 'festival');
      const names = facts.payload.names as Partial<Record<Language, string>> | undefined;
      const name = facts.customer.name?.trim() || say('followup.greeting.customer');
      const gift = facts.customer.tier === 'A' && rules.giftCode ? say('followup.greeting.gift', { code: rules.giftCode }) : '';
      const key = occasion === 'birthday' ? `followup.greeting.birthday.${facts.customer.tier}` : `followup.greeting.festival.${facts.customer.tier}`;
      const text = say(key, { name, festival: names?.[language] ?? occasion, gift }).trim();
      return { action: 'send', text: `${text}\n${say('followup.opt_out_hint')}`, summary: `greeting: ${names?.en ?? occasion}` };
    }
    case 'rating':
      return decideRating(facts, now, phrases, rules);
    case 'outreach': {
      if (facts.payload.reason === 'crisis_update') return decideCrisisUpdate(facts, phrases, () => afterPeople() ?? outOfQuiet());
      const reason = facts.payload.reason === 'monthly' ? 'monthly' : 'silent';
      if (facts.payload.task === true) return { action: 'task', summary: `${reason === 'monthly' ? 'monthly contact' : 'check-in'} task for the key account manager` };
      if (facts.customer.optOutMarketing || facts.customer.optOutGreetings) return { action: 'cancel', reason: 'customer opted out' };
      if (!facts.reachable) return { action: 'cancel', reason: 'no reachable channel' };
      const later = afterPeople() ?? outOfQuiet();
      if (later) return later;
      return { action: 'send', text: `${say(`followup.outreach.${reason}`, { salutation: salutation() })}\n${say('followup.opt_out_hint')}`, summary: `check-in (${reason})` };
    }
  }
}

/**
 * The update staff wrote when they closed a crisis incident, to a customer told its holding
 * statement, in the language they were told it in. It is about their own complaint, so a customer
 * who opted out of marketing still gets it; one who asked for no messages at all does not.
 */
function decideCrisisUpdate(facts: FollowUpFacts, phrases: Phrasebook, notNow: () => FollowUpDecision | undefined): FollowUpDecision {
  const incidentId = typeof facts.payload.incidentId === 'string' ? facts.payload.incidentId : '?';
  const update = facts.payload.update as Partial<Record<Language, string>> | undefined;
  if (facts.customer.optOutGreetings) return { action: 'cancel', reason: 'customer opted out of messages' };
  if (!facts.reachable) return { action: 'cancel', reason: 'no reachable channel' };
  const told = facts.payload.language;
  const language: Language = told === 'zh' || told === 'en' ? told : facts.customer.locale === 'zh' ? 'zh' : 'en';
  const text = update?.[language]?.trim();
  if (!text) return { action: 'cancel', reason: 'the incident has no update in the customer language' };
  const later = notNow();
  if (later) return later;
  const name = facts.customer.name?.trim();
  const salutation = name ? phrases.say('salutation.named', language, { name }) : phrases.say('salutation.anonymous', language);
  return { action: 'send', text: phrases.say('followup.crisis_update', language, { salutation, update: text }), summary: `crisis update (incident ${incidentId.slice(0, 8)})` };
}

/** A chat rating not sent within this long of the chat's end (CSAT_ASK_WITHIN_MS unset) is stale. */
const DEFAULT_RATING_WITHIN_MS = 4 * 60 * 60_000;
/** A rating held back while people talk with the customer is tried again this much later (if still in time). */
const RATING_WITH_PEOPLE_RETRY_MS = 15 * 60_000;

/**
 * The rating asked after a chat (CSAT), in the language of the chat. It belongs to the chat just
 * ended: asked later than `ratingWithinMs` after it (quiet hours, a long outage) it is stale and
 * cancelled (expired). A customer who asked for no messages, or cannot be reached, is not asked
 * (skipped). The buttons and the rating go into the flow state of the conversation it lands in.
 */
function decideRating(facts: FollowUpFacts, now: Date, phrases: Phrasebook, rules: FollowUpRules): FollowUpDecision {
  const p = facts.payload;
  const ratingId = typeof p.ratingId === 'string' ? p.ratingId : '';
  const conversationId = typeof p.conversationId === 'string' ? p.conversationId : '';
  if (!ratingId || !conversationId) return { action: 'cancel', reason: 'the rating has no conversation' };
  if (facts.customer.optOutGreetings) return { action: 'cancel', reason: 'customer opted out', rating: { id: ratingId, status: 'skipped' } };
  if (!facts.reachable) return { action: 'cancel', reason: 'no reachable channel', rating: { id: ratingId, status: 'skipped' } };
  const askedAt = typeof p.askedAt === 'string' ? Date.parse(p.askedAt) : NaN;
  const deadline = (Number.isNaN(askedAt) ? now.getTime() : askedAt) + (rules.ratingWithinMs ?? DEFAULT_RATING_WITHIN_MS);
  const stale = (reason: string): FollowUpDecision => ({ action: 'cancel', reason, rating: { id: ratingId, status: 'expired' } });
  if (now.getTime() > deadline) return stale('too late to ask: the chat ended too long ago');
  const tz = facts.customer.timezone;
  const later = facts.withPeople ? new Date(now.getTime() + RATING_WITH_PEOPLE_RETRY_MS) : rules.isQuiet(now, tz) ? rules.nextAllowed(now, tz) : undefined;
  if (later) {
    const reason = facts.withPeople ? WITH_PEOPLE : 'quiet hours';
    return later.getTime() > deadline ? stale(`${reason} until after the rating would be stale`) : { action: 'defer', until: later, reason };
  }
  const language: Language = p.language === 'zh' || p.language === 'en' ? p.language : facts.customer.locale === 'zh' ? 'zh' : 'en';
  const servedBy = p.servedBy === 'bot' ? 'bot' : 'staff';
  const name = facts.customer.name?.trim();
  const salutation = name ? phrases.say('salutation.named', language, { name }) : phrases.say('salutation.anonymous', language);
  const choices = ratingChoices(phrases, language);
  const rating = {
    ratingId,
    conversationId,
    channel: typeof p.channel === 'string' ? p.channel : '',
    servedBy,
    staffId: typeof p.staffId === 'string' ? p.staffId : null,
    language,
    stage: 'score',
    askedAt: now.toISOString(),
  };
  return {
    action: 'send',
    text: phrases.say(`rating.ask.${servedBy}`, language, { salutation }),
    choices,
    // The buttons go into the flow state too, so a press is read as a press, not as free text.
    flowPatch: { rating, lastChoices: choices, language },
    summary: `chat rating asked (${servedBy === 'bot' ? 'served by the bot' : 'served by staff'})`,
  };
}
