// The revisit survey (回访, step 5 of seed 002): after a commitment is fulfilled the bot asks how
// it went — a 1–5 score, then what the customer had expected on the same scale. Satisfaction is
// perceived ÷ expected (seed 004): below 1 unhappy, about 1 satisfied, above 1 delighted. A
// satisfied customer's case closes; an unhappy one's reopens and goes to a person.

import type { Decision, Reply } from './effects.ts';
import { escalate } from './escalation.ts';
import type { Turn } from './context.ts';
import type { SurveyState } from './state.ts';

const SCORES = ['1', '2', '3', '4', '5'] as const;

const WORD_SCORES: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};

/** Reads a 1–5 score: "4", "４", "4分", "四星", "five stars", "⭐⭐⭐". */
export function readScore(text: string): number | undefined {
  const trimmed = text.normalize('NFKC').trim().toLowerCase();
  const stars = [...trimmed].filter((c) => c === '⭐' || c === '★').length;
  if (stars >= 1 && stars <= 5 && trimmed.replace(/[⭐★\s]/gu, '') === '') return stars;
  const match = /^(?:score\s*)?([1-5]|[一二两三四五]|one|two|three|four|five)\s*(?:分|星|颗星|stars?|points?|\/\s*5|out of 5)?[\s。.!！]*$/u.exec(trimmed);
  if (!match?.[1]) return undefined;
  return WORD_SCORES[match[1]] ?? Number(match[1]);
}

/** Whether a score and expectation add up to a satisfied customer. */
export function isSatisfied(score: number, expected: number): boolean {
  const ratio = score / expected;
  return ratio >= 1 ? score >= 3 : score >= 4;
}

/** The survey question that opens the revisit (also used by the follow-up job that sends it). */
export function surveyChoices(): string[] {
  return [...SCORES];
}

/**
 * Continues an open survey, or returns undefined when the message is not an answer to it (the
 * survey is then dropped and the message handled as any other).
 */
export function continueSurvey(turn: Turn, survey: SurveyState): Decision | undefined {
  const score = readScore(turn.input.text);
  if (score === undefined) {
    delete turn.state.survey;
    return undefined;
  }
  const say = (key: string, vars: Record<string, string | number> = {}) => turn.deps.phrases.say(key, survey.language, vars);
  if (survey.stage === 'score') {
    turn.state.survey = { ...survey, stage: 'expected', score };
    return {
      replies: [{ text: say('survey.ask_expected'), choices: surveyChoices() }],
      effects: [],
      contact: { kind: 'revisit', summary: `revisit: score ${score}/5`, outcome: 'in_progress' },
    };
  }
  const expected = score;
  const perceived = survey.score ?? expected;
  const ratio = Math.round((perceived / expected) * 100) / 100;
  const satisfied = isSatisfied(perceived, expected);
  delete turn.state.survey;
  const recordSurvey = {
    type: 'recordSurvey' as const,
    survey: { id: turn.deps.newId(), caseId: survey.caseId, followUpId: survey.followUpId, score: perceived, expected, ratio, satisfied },
  };
  const summary = `revisit: score ${perceived}/5, expected ${expected}/5, ratio ${ratio} → ${satisfied ? 'satisfied, case closed' : 'unhappy, case reopened'}`;
  if (satisfied) {
    const key = ratio > 1 ? 'survey.thanks_delighted' : 'survey.thanks_satisfied';
    return { replies: [{ text: say(key) }], effects: [recordSurvey], contact: { kind: 'revisit', summary, outcome: 'answered' } };
  }
  const lead: Reply[] = [{ text: say('survey.sorry_unhappy') }];
  const handoff = escalate(turn, 'revisit_unsatisfied', lead);
  return { ...handoff, effects: [recordSurvey, ...handoff.effects], contact: { kind: 'revisit', summary, outcome: 'escalated' } };
}
