// `npm run eval:dialogue`: plays the dialogue set (test/dialogues/*.yaml) against the real service
// (temporary SQLite file, local redis-server) and prints failures per class and the figures.
//   npm run eval:dialogue -- --verbose          transcripts of failed dialogues
//   npm run eval:dialogue -- --only 'zh-0[1-3]' dialogues whose name matches a regular expression
//   npm run eval:dialogue -- --write-baseline   commit the figures as the new floor
//   npm run eval:dialogue -- --llm passthrough  LLM mode against a local scripted model that reads
//                                               as the embedded NLU does and keeps every draft
//   npm run eval:dialogue -- --llm derail       … against one that derails every turn (see
//                                               scripts/dialogues/scripted-models.ts)

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { failureDetails, failureTables, figuresLine, figuresOf } from './dialogues/dialogue-report.ts';
import { BASELINE_FILE, DIALOGUE_ENV, DialogueClock, runDialogueSuite } from './dialogues/dialogue-suite.ts';
import { llmActivity, llmActivityLine, SCRIPTED_MODELS, scriptedModelEnv, startScriptedModel, type ScriptedModelName } from './dialogues/scripted-models.ts';

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', short: 'v' }, only: { type: 'string' }, 'write-baseline': { type: 'boolean' }, llm: { type: 'string' } } });
const llm = args.llm as ScriptedModelName | undefined;
if (llm !== undefined && !SCRIPTED_MODELS.includes(llm)) throw new Error(`--llm must be one of ${SCRIPTED_MODELS.join(', ')}, not ${llm}`);
if (llm && args['write-baseline']) throw new Error('--write-baseline records the embedded bot; drop --llm');
const dir = mkdtempSync(join(tmpdir(), 'eval-dialogue-'));
const clock = new DialogueClock();
const baseConfig = loadConfig({ ...DIALOGUE_ENV, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'dialogues.db')}` });
// Loaded here, not by the service, because the scripted model needs the policy's option ids first.
const content = await loadContent({ promptsDir: baseConfig.PROMPTS_DIR, policyFile: baseConfig.POLICY_FILE, cacheDir: baseConfig.DATA_DIR });
const model = llm ? await startScriptedModel(llm, content.policy) : undefined;
const config = llm && model ? loadConfig({ ...DIALOGUE_ENV, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: baseConfig.DATABASE_URL, ...scriptedModelEnv(llm, model.url) }) : baseConfig;
const app = await createApp(config, { logger: pino({ level: 'silent' }), content, clock: clock.now, embeddedRedisName: `eval-dialogue-${process.pid}` });
try {
  const baseUrl = await app.server.listen({ port: 0, host: '127.0.0.1' });
  const started = Date.now();
  const results = await runDialogueSuite({ baseUrl, db: app.database.db, clock }, args.only);
  const figures = figuresOf(results);
  console.log(failureDetails(results, args.verbose ?? false).join('\n'));
  console.log(`\n${failureTables(results).join('\n')}`);
  console.log(`\n${results.length} dialogues in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (args['write-baseline']) {
    if (args.only) throw new Error('--write-baseline needs the whole set (drop --only)');
    writeFileSync(BASELINE_FILE, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`wrote ${BASELINE_FILE}`);
  }
  if (llm) console.log(llmActivityLine(llm, await llmActivity(app.database.db)));
  console.log(figuresLine(figures));
} finally {
  await app.close();
  await model?.close();
  await content.nlu.close();
  rmSync(dir, { recursive: true, force: true });
}
