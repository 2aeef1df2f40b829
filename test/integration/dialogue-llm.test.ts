// LLM mode never does worse than the embedded bot (issue 11 §8): the dialogue set is played three
// times in this file — embedded, then in LLM mode against a model that passes the embedded reading
// through, then against one that derails every turn (scripts/dialogues/scripted-models.ts) — and
// neither LLM run may pass fewer checks or conversations, or hand more conversations to people
// that should have stayed with the bot. The embedded figures are the ones of this run, not the
// committed baseline: the embedded bot keeps improving.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { figuresLine, figuresOf, regressions, type DialogueFigures } from '../../scripts/dialogues/dialogue-report.ts';
import { DIALOGUE_ENV, DialogueClock, runDialogueSuite } from '../../scripts/dialogues/dialogue-suite.ts';
import { llmActivity, llmActivityLine, scriptedModelEnv, startScriptedModel, type LlmActivity, type ScriptedModelName } from '../../scripts/dialogues/scripted-models.ts';
import type { FakeLlm } from '../support/fake-llm.ts';
import { startTestApp, testContent, type TestApp } from '../support/test-app.ts';

interface Run {
  figures: DialogueFigures;
  activity?: LlmActivity;
}

const open: { close(): Promise<void> }[] = [];

/** Plays the whole set against a fresh service (its own database and clock), in LLM mode when a model is named. */
async function play(model?: ScriptedModelName): Promise<Run> {
  const clock = new DialogueClock();
  let server: FakeLlm | undefined;
  if (model) {
    server = await startScriptedModel(model, (await testContent()).policy);
    open.push(server);
  }
  const service: TestApp = await startTestApp({ clock: clock.now, env: { ...DIALOGUE_ENV, ...(model && server ? scriptedModelEnv(model, server.url) : {}) } });
  open.push(service);
  const figures = figuresOf(await runDialogueSuite({ baseUrl: service.baseUrl, db: service.app.database.db, clock }));
  const activity = model ? await llmActivity(service.app.database.db) : undefined;
  console.log(`${model ?? 'embedded'}: ${figuresLine(figures)}${model && activity ? `\n  ${llmActivityLine(model, activity)}` : ''}`);
  return { figures, ...(activity ? { activity } : {}) };
}

/** Every call reached the model and was answered: no timeouts, errors or skipped calls hid it. */
function unanswered(activity: LlmActivity | undefined): string[] {
  return Object.entries(activity?.calls ?? {})
    .filter(([call]) => !call.endsWith(':ok'))
    .map(([call, n]) => `${call}=${n}`);
}

describe('the dialogue set in LLM mode', () => {
  let embedded: DialogueFigures;

  beforeAll(async () => {
    embedded = (await play()).figures;
  }, 120_000);
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });

  it('does as well with a model that passes the embedded reading through and keeps every draft', { timeout: 120_000 }, async () => {
    const { figures, activity } = await play('passthrough');
    expect(regressions(figures, embedded), `${figuresLine(figures)} against embedded ${figuresLine(embedded)}`).toEqual([]);
    expect(figures.conversationsTotal).toBe(embedded.conversationsTotal);
    expect(unanswered(activity)).toEqual([]);
    expect(activity?.calls['understand:ok']).toBeGreaterThan(figures.conversationsTotal);
    // Nothing to refuse, set aside or reject: the model said what the embedded bot would.
    expect(activity?.audits).toEqual({});
  });

  it('does as well with a model that derails every turn: harmful readings, every tool, promises in every rewrite', { timeout: 120_000 }, async () => {
    const { figures, activity } = await play('derail');
    expect(regressions(figures, embedded), `${figuresLine(figures)} against embedded ${figuresLine(embedded)}`).toEqual([]);
    expect(figures.conversationsTotal).toBe(embedded.conversationsTotal);
    expect(unanswered(activity)).toEqual([]);
    // The model really tried, every turn, and was turned down on record.
    const turns = activity?.calls['understand:ok'] ?? 0;
    expect(turns).toBeGreaterThan(figures.conversationsTotal);
    expect(activity?.audits['llm.tool_refused']).toBeGreaterThanOrEqual(turns * 2);
    expect(activity?.audits['llm.reading_overruled']).toBeGreaterThan(0);
    expect(activity?.audits['llm.reply_rejected']).toBeGreaterThan(0);
  });
});
