// Questions answered from the knowledge base: answer when sure, offer "did you mean" choices when
// unsure, hand to a person after two misunderstandings in a row.

import type { KnowledgeEntry } from '../knowledge.ts';
import type { Decision } from './effects.ts';
import { escalate } from './escalation.ts';
import { normalise, type Turn } from './context.ts';

/** Scores at or above this answer directly. */
export const ANSWER_THRESHOLD = 0.6;
/** Scores at or above this (but below ANSWER_THRESHOLD) offer the closest entries as choices. */
export const SUGGEST_THRESHOLD = 0.2;

export function answerInquiry(turn: Turn): Decision {
  const [best] = turn.input.knowledge;
  if (best && best.score >= ANSWER_THRESHOLD) return answerEntry(turn, best.entry);
  turn.state.misunderstandings += 1;
  if (turn.state.misunderstandings >= 2) return escalate(turn, 'repeated_misunderstanding');
  const suggestions = best && best.score >= SUGGEST_THRESHOLD ? turn.input.knowledge.map((m) => m.entry) : popularEntries(turn);
  turn.state.kbChoices = suggestions.map((e) => e.id);
  const choices = [...suggestions.map((e) => title(e, turn)), turn.t('choice.person')];
  const key = best && best.score >= SUGGEST_THRESHOLD ? 'inquiry.did_you_mean' : 'inquiry.rephrase';
  return { replies: [{ text: turn.t(key), choices }], effects: [], contact: { kind: 'inquiry', summary: summary(turn), outcome: 'unresolved' } };
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
  return {
    replies: [{ text: entry.answer[turn.language] }],
    effects: [],
    contact: { kind: turn.state.complaint ? 'complaint' : 'inquiry', summary: summary(turn), outcome: 'answered' },
  };
}

function popularEntries(turn: Turn): KnowledgeEntry[] {
  const wanted = ['shipping-time', 'return-policy', 'warranty-length'];
  const found = wanted.flatMap((id) => turn.deps.knowledgeBase.get(id) ?? []);
  return found.length > 0 ? found : turn.deps.knowledgeBase.entries.slice(0, 3);
}

function title(entry: KnowledgeEntry, turn: Turn): string {
  return entry.questions[turn.language][0] ?? entry.id;
}

function summary(turn: Turn): string {
  const topics = turn.state.answered.join(', ');
  return topics ? `asked about: ${topics}` : `asked: "${turn.input.text.slice(0, 120)}"`;
}
