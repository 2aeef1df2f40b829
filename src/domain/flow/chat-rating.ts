// The rating asked after a chat (CSAT): a 1–5 score with buttons, then an optional comment, then
// thanks. The question itself goes out through the follow-up jobs (decide-follow-up.ts), which put
// `rating` into the flow state; this continues it. Also says when the bot resolved a conversation
// alone, so it may ask for one itself (CSAT_AFTER_BOT).

import type { Phrasebook } from '../phrasebook.ts';
import type { Language } from '../types.ts';
import { normalise, type Turn } from './context.ts';
import type { Decision, Effect } from './effects.ts';
import type { RatingState } from './state.ts';

const SCORES = [1, 2, 3, 4, 5] as const;
const CHINESE_NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };
/** A comment is kept up to this many characters (a message may be longer; the rest is in the transcript). */
export const MAX_COMMENT_CHARS = 1000;
/** "No", "没有", "that's all": a short answer that declines the comment, not a comment. */
const SHORT_ANSWER_CHARS = 20;
/**
 * A rating question is answered within this long of being asked, or not at all: a "2" written a
 * week later is about something else. The question is then over and the message read as any other.
 */
export const RATING_QUESTION_OPEN_MS = 3 * 24 * 60 * 60_000;

/** The score buttons, in the customer's language: "1 很不满意" … "5 非常满意". */
export function ratingChoices(phrases: Phrasebook, language: Language): string[] {
  return SCORES.map((score) => phrases.say(`rating.choice.${score}`, language));
}

/**
 * A 1–5 score: a digit (also full-width "４"), a Chinese numeral 一二三四五, or a score button's
 * label in either language. Nothing else counts ("4分", "four", "pretty good" are not scores).
 */
export function readRatingScore(text: string, phrases: Phrasebook): number | undefined {
  const plain = normalise(text.normalize('NFKC'));
  if (/^[1-5]$/.test(plain)) return Number(plain);
  const numeral = CHINESE_NUMERALS[plain];
  if (numeral !== undefined) return numeral;
  for (const score of SCORES) {
    if (phrases.allLanguages(`rating.choice.${score}`).some((label) => normalise(label.normalize('NFKC')) === plain)) return score;
  }
  return undefined;
}

/**
 * Continues an open rating, or returns undefined when the message is not an answer to it (or comes
 * after the answer window): the rating flow is then over (the caller has taken it out of the state)
 * and the message is handled as any other. A score is recorded at once, so a customer who never
 * answers the comment question has still rated the chat. Its turns write a contact row of their
 * own: the rated conversation's contact ("inquiry … answered") is not overwritten.
 */
export function continueRating(turn: Turn, rating: RatingState): Decision | undefined {
  const { phrases } = turn.deps;
  const say = (key: string) => phrases.say(key, rating.language);
  if (rating.askedAt && turn.deps.now.getTime() - Date.parse(rating.askedAt) > RATING_QUESTION_OPEN_MS) return undefined;
  if (rating.stage === 'score') {
    const score = readRatingScore(turn.input.text, phrases);
    if (score === undefined) return undefined;
    const contactId = turn.deps.newId();
    turn.state.rating = { ...rating, stage: 'comment', score, contactId };
    const recorded: Effect = {
      type: 'recordRating',
      rating: { id: rating.ratingId, conversationId: rating.conversationId, channel: rating.channel, score, servedBy: rating.servedBy, staffId: rating.staffId },
    };
    return {
      replies: [{ text: say('rating.ask_comment'), choices: [say('rating.no_comment')] }],
      effects: [recorded],
      contact: { id: contactId, kind: 'rating', summary: `chat rating: ${score}/5`, outcome: 'in_progress' },
    };
  }
  // A question is a new matter, not a comment: the score stands and the question is answered.
  if (turn.wrote && turn.asks) return undefined;
  const contactId = rating.contactId ?? turn.deps.newId();
  const score = rating.score ?? 0;
  const thanks = { text: say(score <= 2 ? 'rating.thanks_low' : 'rating.thanks') };
  if (declinesComment(turn)) {
    return { replies: [thanks], effects: [], contact: { id: contactId, kind: 'rating', summary: `chat rating: ${score}/5, no comment`, outcome: 'answered' } };
  }
  const comment = turn.input.text.trim().slice(0, MAX_COMMENT_CHARS);
  return {
    replies: [thanks],
    effects: [{ type: 'recordRatingComment', ratingId: rating.ratingId, comment }],
    contact: { id: contactId, kind: 'rating', summary: `chat rating: ${score}/5, with a comment`, outcome: 'answered' },
  };
}

/** "No thanks" pressed or typed, a short no / thanks / bye, or a score pressed again: no comment. */
function declinesComment(turn: Turn): boolean {
  const text = turn.input.text;
  if (turn.isLabel('rating.no_comment') || readRatingScore(text, turn.deps.phrases) !== undefined) return true;
  const { intent } = turn.input.nlu;
  const short = text.trim().length <= SHORT_ANSWER_CHARS;
  return short && (intent === 'deny' || intent === 'thanks' || intent === 'goodbye' || NOTHING_TO_ADD.test(text));
}

const NOTHING_TO_ADD = /^(no|nope|nothing|none|that'?s (all|it)|all good|没有了?|没了|不用了?|没什么|无|就这样|不需要)[\s。.!！,，]*$/i;

/**
 * The bot resolved the conversation alone, and the customer is ending it: they thank the bot or say
 * goodbye (a message of their own, not a question) after it answered from the knowledge base or
 * recorded a complaint's commitment — and no person ever took part (no handoff, no queue), no
 * complaint or survey is still open, and no rating was asked in it yet. Then the bot asks for one.
 */
export function askRatingIfResolved(turn: Turn): Effect | undefined {
  const { state, input } = turn;
  if (!turn.deps.ratingAfterBot || input.status !== 'bot' || state.ratingAsked || state.peopleInvolved || state.escalation) return undefined;
  if (state.complaint || state.survey || state.rating || input.state.rating || input.state.survey) return undefined;
  const { intent } = input.nlu;
  if ((intent !== 'thanks' && intent !== 'goodbye') || !turn.wrote || turn.asks) return undefined;
  if (state.answered.length === 0 && !state.botResolvedCase) return undefined;
  state.ratingAsked = true;
  return { type: 'askRating', ratingId: turn.deps.newId(), followUpId: turn.deps.newId(), language: turn.language };
}
