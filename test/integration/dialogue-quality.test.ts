// The dialogue set (test/dialogues/*.yaml) against the real service: the figures may only go up.
// `npm run eval:dialogue` prints the failures; after an improvement, `-- --write-baseline`
// raises the floor this test holds.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresLine, figuresOf, regressions, type DialogueFigures } from '../../scripts/dialogues/dialogue-report.ts';
import { BASELINE_FILE, DIALOGUE_ENV, DialogueClock, runDialogueSuite } from '../../scripts/dialogues/dialogue-suite.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('dialogue quality', () => {
  const clock = new DialogueClock();
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ clock: clock.now, env: { ...DIALOGUE_ENV } });
  });
  afterAll(() => service.close());

  it('holds every figure of the committed baseline', { timeout: 300_000 }, async () => {
    const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as DialogueFigures;
    const figures = figuresOf(await runDialogueSuite({ baseUrl: service.baseUrl, db: service.app.database.db, clock }));
    console.log(figuresLine(figures));
    expect(regressions(figures, baseline), `${figuresLine(figures)}; run npm run eval:dialogue for the failures`).toEqual([]);
    expect(figures.conversationsTotal).toBe(baseline.conversationsTotal);
  });
});
