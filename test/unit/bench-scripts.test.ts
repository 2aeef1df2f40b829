// The pipeline benchmark's two loads (bench/pipeline-scripts.ts), played through the real NLU,
// knowledge base and flow: `questions` is what it claims to be (the outside load test's questions
// and small talk: no complaint, no hand-over), and `mixed` walks complaints through their cases.

import { beforeAll, describe, expect, it } from 'vitest';
import { LOADS, SCRIPTS, scriptFor, scriptLine, type Load } from '../../bench/pipeline-scripts.ts';
import type { Content } from '../../src/content/load-content.ts';
import { decideTurn } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import type { ConversationStatus } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

/** The effect types of every turn of conversation `index`, played twice through (sessions loop their script). */
async function play(load: Load, index: number): Promise<{ effects: Effect['type'][]; status: ConversationStatus }> {
  const { lang, script } = scriptFor(index, load);
  let state: FlowState = flowStateSchema.parse({});
  let status: ConversationStatus = 'bot';
  const effects: Effect['type'][] = [];
  let ids = 0;
  for (let line = 0; line < script.length * 2; line += 1) {
    const text = scriptLine(script, line, `SO${20_250_000_000 + index}`);
    const { nlu, knowledge } = await readMessage(content, text, state.language ?? lang);
    const outcome = decideTurn(
      { text, nlu, knowledge, customer: { id: 'c1', name: 'Bench', tier: 'C', timezone: 'Asia/Shanghai' }, status, state },
      contentFlowDeps(content, { now: new Date('2026-12-07T10:00:00Z'), newId: () => `id-${++ids}` }),
    );
    state = outcome.state;
    for (const effect of outcome.effects) {
      effects.push(effect.type);
      if (effect.type === 'setStatus') status = effect.status;
    }
  }
  return { effects, status };
}

/** Every conversation shape of a load: the scripts rotate within a language, the languages alternate. */
const shapes = (load: Load) => Array.from({ length: SCRIPTS[load].en.length + SCRIPTS[load].zh.length }, (_, i) => i);

describe('the pipeline benchmark loads', () => {
  it('has both languages in every load, alternating by conversation, each script rotating within its language', () => {
    for (const load of LOADS) {
      expect(SCRIPTS[load].en.length).toBeGreaterThan(0);
      expect(SCRIPTS[load].zh.length).toBe(SCRIPTS[load].en.length);
      expect(scriptFor(0, load).lang).toBe('en');
      expect(scriptFor(1, load).lang).toBe('zh');
      expect(scriptFor(2, load).script).toBe(SCRIPTS[load].en[1 % SCRIPTS[load].en.length]);
    }
    expect(scriptFor(0)).toEqual(scriptFor(0, 'mixed'));
  });

  it('questions: no turn opens a case or hands the conversation to a person, in either language', async () => {
    for (const index of shapes('questions')) {
      const { effects, status } = await play('questions', index);
      expect(
        effects.filter((type) => type === 'openCase' || type === 'escalate'),
        `conversation ${index}: ${scriptFor(index, 'questions').script.join(' / ')}`,
      ).toEqual([]);
      expect(status).toBe('bot');
    }
  });

  it('mixed: complaints open cases in both languages', async () => {
    const opened = { en: 0, zh: 0 };
    for (const index of shapes('mixed')) {
      const { effects } = await play('mixed', index);
      if (effects.includes('openCase')) opened[scriptFor(index, 'mixed').lang] += 1;
    }
    expect(opened.en).toBeGreaterThan(0);
    expect(opened.zh).toBeGreaterThan(0);
  });
});
