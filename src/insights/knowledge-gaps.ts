// Knowledge gaps for the Insights page: the questions the bot could not answer, grouped. The store
// sends the most frequent normalised wordings (trimmed, lower case); wordings with the same
// keywords in any order (the crisis signal's: Chinese character pairs, English stems, without
// digits or generic words) are one gap, so "Are you hiring?" and "Hiring: are you?" meet. Pure.

import { complaintKeywords } from '../domain/crisis/complaint-keywords.ts';
import type { QuestionTally } from './insights-ports.ts';

/** Gaps listed, most frequent first. */
export const TOP_GAPS = 20;
/** Normalised wordings the store sends to be grouped: enough for TOP_GAPS groups of several wordings each. */
export const UNANSWERED_FETCHED = 200;
/** Wordings shown per gap. */
export const EXAMPLES_PER_GAP = 2;

export interface KnowledgeGap {
  /** The group's most frequent wording, normalised. */
  question: string;
  /** The content words the wordings share (empty when the question has none, e.g. only digits or emoji). */
  keywords: string[];
  count: number;
  /** Up to EXAMPLES_PER_GAP wordings as stored (masked), most frequent first. */
  examples: string[];
}

/** The wordings grouped by their content words, most frequent first, then by wording in code point order; at most `limit`. */
export function groupKnowledgeGaps(questions: readonly QuestionTally[], limit = TOP_GAPS): KnowledgeGap[] {
  const groups = new Map<string, { keywords: string[]; count: number; wordings: QuestionTally[] }>();
  for (const wording of questions) {
    const language = /\p{Script=Han}/u.test(wording.question) ? 'zh' : 'en';
    const keywords = [...new Set(complaintKeywords(wording.question, language))].sort();
    const key = keywords.length > 0 ? keywords.join(' ') : `\u0000${wording.question}`;
    const group = groups.get(key);
    if (group) {
      group.count += wording.count;
      group.wordings.push(wording);
    } else groups.set(key, { keywords, count: wording.count, wordings: [wording] });
  }
  return [...groups.values()]
    .map(({ keywords, count, wordings }) => {
      const ranked = [...wordings].sort((a, b) => b.count - a.count || compare(a.question, b.question));
      return { question: ranked[0]!.question, keywords, count, examples: [...new Set(ranked.map((w) => w.example))].slice(0, EXAMPLES_PER_GAP) };
    })
    .sort((a, b) => b.count - a.count || compare(a.question, b.question))
    .slice(0, limit);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
