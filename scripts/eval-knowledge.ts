// `npm run eval` (second part): the knowledge base as customers meet it (see
// scripts/knowledge-eval/play-knowledge-eval.ts). Per set and language, every entry's score and the
// questions it did not answer, with what the bot did instead; then one machine-readable line per
// set. `npm test` fails when a figure is worse than prompts/knowledge-eval/baseline.json;
// `npm run eval -- --write-baseline` records the current figures as the new floor.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { LANGUAGES } from '../src/domain/types.ts';
import { KNOWLEDGE_EVAL_SETS } from './knowledge-eval/eval-files.ts';
import { playKnowledgeEval, type KnowledgeFigures } from './knowledge-eval/play-knowledge-eval.ts';

const { values: args } = parseArgs({ options: { 'write-baseline': { type: 'boolean' } } });
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const content = await loadContent({ promptsDir: config.PROMPTS_DIR, policyFile: config.POLICY_FILE, cacheDir: config.DATA_DIR });

const baseline: Record<string, Record<string, KnowledgeFigures>> = {};
for (const set of KNOWLEDGE_EVAL_SETS) {
  const line: string[] = [];
  for (const language of LANGUAGES) {
    const { figures, report } = await playKnowledgeEval(content, config.PROMPTS_DIR, set, language);
    console.log(`\n${language === 'zh' ? 'Chinese' : 'English'} (knowledge ${set} set)\n${report.join('\n')}`);
    (baseline[set] ??= {})[language] = figures;
    const f = (x: number) => x.toFixed(3);
    line.push(`${language}_answered=${f(figures.answered)} ${language}_wrong=${f(figures.wrong)} ${language}_offered=${f(figures.offered)} ${language}_none_false=${f(figures.noneFalse)}`);
  }
  console.log(`\neval-knowledge-${set}: ${line.join(' ')}`);
}
if (args['write-baseline']) {
  const file = join(config.PROMPTS_DIR, 'knowledge-eval', 'baseline.json');
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}
await content.nlu.close();
