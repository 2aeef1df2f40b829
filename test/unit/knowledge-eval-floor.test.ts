// The knowledge eval (`npm run eval`, prompts/knowledge-eval/) may not get worse than the figures
// recorded in prompts/knowledge-eval/baseline.json: fewer questions answered, more wrong answers or
// more answers to questions no entry covers. `npm run eval -- --write-baseline` records new figures.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { LANGUAGES } from '../../src/domain/types.ts';
import { KNOWLEDGE_EVAL_SETS } from '../../scripts/knowledge-eval/eval-files.ts';
import { playKnowledgeEval, type KnowledgeFigures } from '../../scripts/knowledge-eval/play-knowledge-eval.ts';
import { testContent } from '../support/test-app.ts';

const baseline = JSON.parse(readFileSync('prompts/knowledge-eval/baseline.json', 'utf8')) as Record<string, Record<string, KnowledgeFigures>>;
/** Float noise only. */
const EPSILON = 1e-9;

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

describe('knowledge eval floor', () => {
  for (const set of KNOWLEDGE_EVAL_SETS) {
    for (const language of LANGUAGES) {
      it(`${set} set, ${language}: no worse than the baseline`, async () => {
        const floor = baseline[set]?.[language];
        expect(floor, `prompts/knowledge-eval/baseline.json has no ${set}.${language}`).toBeDefined();
        const { figures, report } = await playKnowledgeEval(content, 'prompts', set, language);
        const detail = report.join('\n');
        expect(figures.answered, detail).toBeGreaterThanOrEqual((floor?.answered ?? 1) - EPSILON);
        expect(figures.wrong, detail).toBeLessThanOrEqual((floor?.wrong ?? 0) + EPSILON);
        expect(figures.noneFalse, detail).toBeLessThanOrEqual((floor?.noneFalse ?? 0) + EPSILON);
      });
    }
  }
});
