// Questions answered from the knowledge base: answer when sure, offer "did you mean" choices when
// the closest entries are near, hand to a person after three misunderstandings in a row.

import type { KnowledgeEntry } from '../knowledge.ts';
import type { Decision } from './effects.ts';
import { escalate } from './escalation.ts';
import { normalise, type Turn } from './context.ts';
import { outOfScope } from './small-talk.ts';

/** Scores at or above this answer directly. */
export const ANSWER_THRESHOLD = 0.6;
/** Scores at or above this (but below ANSWER_THRESHOLD) offer the closest entries as choices. */
export const SUGGEST_THRESHOLD = 0.3;
/** Not understood this many times in a row: a person takes over. */
const MISUNDERSTANDING_LIMIT = 3;

/** The knowledge entry that answers the message, when the bot is sure of it. */
export function relevantAnswer(turn: Turn): KnowledgeEntry | undefined {
  const [best] = turn.input.knowledge;
  return best && best.score >= ANSWER_THRESHOLD ? best.entry : undefined;
}

export function answerInquiry(turn: Turn): Decision {
  const answer = relevantAnswer(turn);
  if (answer) return answerEntry(turn, answer);
  turn.state.misunderstandings += 1;
  if (turn.state.misunderstandings >= MISUNDERSTANDING_LIMIT) return escalate(turn, 'repeated_misunderstanding');
  const near = turn.input.knowledge.filter((m) => m.score >= SUGGEST_THRESHOLD);
  const best = near[0];
  // Nothing close: an honest "not something I can help with here", with what the bot can do.
  if (!best) {
    const [honest] = outOfScope(turn).replies;
    return { replies: [{ text: honest?.text ?? '', choices: [turn.t('choice.person')] }], effects: [], contact: { kind: 'inquiry', summary: turn.contactSummary(), outcome: 'unresolved' } };
  }
  const suggestions = near.map((m) => m.entry);
  turn.state.kbChoices = suggestions.map((e) => e.id);
  const choices = [...suggestions.map((e) => title(e, turn)), turn.t('choice.person')];
  return { replies: [{ text: turn.t('inquiry.did_you_mean'), choices }], effects: [], contact: { kind: 'inquiry', summary: turn.contactSummary(), outcome: 'unresolved' } };
}

/** The entry the customer picked from offered choices (by label or number), if any. */
export function pickedEntry(turn: Turn): KnowledgeEntry | undefined {
  const offered = turn.state.kbChoices.flatMap((id) => turn.deps.knowledgeBase.get(id) ?? []);
  if (offered.length === 0) return undefined;
  const index = turn.input.nlu.entities.choiceIndex;
  if (index !== undefined) return offered[index - 1];
  const text = normalise(turn.input.text);
  return offered.find((e) => normalise(e.questions.zh[0] ?? '') === text || normalise(e.questions.en[0] ?? '') === text);
}

export function answerEntry(turn: Turn, entry: KnowledgeEntry): Decision {
  turn.state.misunderstandings = 0;
  turn.state.kbChoices = [];
  if (!turn.state.answered.includes(entry.id)) turn.state.answered.push(entry.id);
  turn.state.lastAnswer = entry.id;
  return {
    replies: [{ text: entry.answer[turn.language] }],
    effects: [],
    contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: turn.contactSummary(), outcome: 'answered' },
  };
}

function title(entry: KnowledgeEntry, turn: Turn): string {
  return entry.questions[turn.language][0] ?? entry.id;
}
