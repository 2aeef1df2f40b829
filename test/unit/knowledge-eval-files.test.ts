// The knowledge base's evaluation sets (prompts/knowledge-eval/, read by `npm run eval`) stay
// usable: every entry has questions in every set and language, and none of them is a training
// question of the knowledge base or appears in both sets.

import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_EVAL_SETS, loadKnowledgeEval } from '../../scripts/knowledge-eval/eval-files.ts';
import { loadKnowledgeEntries } from '../../src/content/load-content.ts';
import { LANGUAGES } from '../../src/domain/types.ts';

/** Case, spaces and punctuation apart, the same question. */
const sameQuestion = (text: string) => text.toLowerCase().replace(/[\s\p{P}]+/gu, '');

describe('knowledge evaluation sets', () => {
  it('cover every entry in both languages, apart from the training questions and from each other', async () => {
    const entries = await loadKnowledgeEntries('prompts/knowledge');
    for (const language of LANGUAGES) {
      const trained = new Set(entries.flatMap((entry) => entry.questions[language].map(sameQuestion)));
      const seen = new Map<string, string>();
      for (const set of KNOWLEDGE_EVAL_SETS) {
        const file = await loadKnowledgeEval('prompts', language, set);
        expect(Object.keys(file.entries).sort(), `${language}.${set}`).toEqual(entries.map((entry) => entry.id).sort());
        expect(file.none.length, `${language}.${set}: questions no entry answers`).toBeGreaterThanOrEqual(10);
        for (const [id, questions] of Object.entries(file.entries)) {
          expect(questions.length, `${language}.${set}: ${id}`).toBeGreaterThanOrEqual(5);
        }
        for (const question of [...Object.values(file.entries).flat(), ...file.none]) {
          expect(trained.has(sameQuestion(question)), `${language}.${set}: "${question}" is a training question`).toBe(false);
          const before = seen.get(sameQuestion(question));
          expect(before, `${language}: "${question}" in ${before} and ${set}`).toBeUndefined();
          seen.set(sameQuestion(question), set);
        }
      }
    }
  });
});
