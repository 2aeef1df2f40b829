// `npm run eval:dialogue`: plays the dialogue set (test/dialogues/*.yaml) against the real service
// (temporary SQLite file, local redis-server) and prints failures per class and the figures.
//   npm run eval:dialogue -- --verbose          transcripts of failed dialogues
//   npm run eval:dialogue -- --only zh-03       dialogues whose name contains "zh-03"
//   npm run eval:dialogue -- --write-baseline   commit the figures as the new floor

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { failureDetails, failureTables, figuresLine, figuresOf } from './dialogues/dialogue-report.ts';
import { BASELINE_FILE, DIALOGUE_ENV, DialogueClock, runDialogueSuite } from './dialogues/dialogue-suite.ts';

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', short: 'v' }, only: { type: 'string' }, 'write-baseline': { type: 'boolean' } } });
const dir = mkdtempSync(join(tmpdir(), 'eval-dialogue-'));
const clock = new DialogueClock();
const config = loadConfig({ ...DIALOGUE_ENV, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'dialogues.db')}` });
const app = await createApp(config, { logger: pino({ level: 'silent' }), clock: clock.now, embeddedRedisName: `eval-dialogue-${process.pid}` });
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
  console.log(figuresLine(figures));
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
