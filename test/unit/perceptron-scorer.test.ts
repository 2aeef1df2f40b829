// TextClassifier.rank() scores with our own PerceptronScorer; nlp.js's process() is the reference.
// For the service's classifiers (restored from the cached models as the service loads them, and
// trained afresh from the same files) every training utterance, every eval sentence, every
// knowledge question and a few odd inputs must give the same labels, in the same order, with the
// same scores.

import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { NluNeural } from '@nlpjs/nlu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNluFiles, loadNluInProcess, type NluFile } from '../../src/content/load-content.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';
import type { KnowledgeEntry } from '../../src/domain/knowledge.ts';
import { PerceptronScorer, type Ranked } from '../../src/domain/nlu/perceptron-scorer.ts';
import { TextClassifier, type LabelledUtterances } from '../../src/domain/nlu/text-classifier.ts';
import { LANGUAGES, type Language } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';

const SLOW = 120_000;
const KINDS = ['intents', 'emotions', 'knowledge'] as const;
type Kind = (typeof KINDS)[number];

const ODD_INPUTS = [
  '',
  '   ',
  '😀🎉👍',
  'my order 12345 never arrived, 我的订单还没到，退款！ '.repeat(70).slice(0, 3_000),
  'zxqv blorft wibbleflop',
  '㐀㐁㐂㐃',
  '我的 order 还没到, where is it?',
  'refund 退款 please 快点',
  '12 7 100 3 2024',
  // nlp.js finds these on Object.prototype (as a token, or as the memo key of the whole text).
  'constructor',
  'my kettle broke, I am a constructor',
  'toString',
  '__proto__',
  'nonefeature hello',
];

let texts: string[];
let training: Record<Language, NluFile>;
let restoredJson: Record<Kind, Record<Language, unknown>>;
let entries: KnowledgeEntry[];

beforeAll(async () => {
  const content = await testContent();
  const [train, test, holdout] = await Promise.all([loadNluFiles('prompts', 'train'), loadNluFiles('prompts', 'test'), loadNluFiles('prompts', 'holdout')]);
  training = train;
  entries = content.knowledge.entries;
  const nlu = (await loadNluInProcess({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR })).toJSON();
  restoredJson = { intents: nlu.intents, emotions: nlu.emotions, knowledge: content.knowledge.toJSON() };
  const utterances = [train, test, holdout].flatMap((files) => LANGUAGES.flatMap((l) => [...Object.values(files[l].intents), ...Object.values(files[l].emotions)].flat()));
  const questions = entries.flatMap((e) => LANGUAGES.flatMap((l) => e.questions[l]));
  // Every classifier gets the texts of both languages: the other language is all unknown words.
  texts = [...new Set([...utterances, ...questions, ...ODD_INPUTS])];
}, SLOW);

function trainingData(kind: Kind, language: Language): LabelledUtterances {
  if (kind === 'knowledge') return Object.fromEntries(entries.map((e) => [e.id, e.questions[language]]));
  return training[language][kind];
}

interface Mismatch {
  text: string;
  ours: Ranked[];
  nlpjs: Ranked[];
}

/** Same labels in the same order, scores within 1e-9 relative. */
function sameRanking(ours: Ranked[], nlpjs: Ranked[]): boolean {
  return (
    ours.length === nlpjs.length &&
    ours.every((r, i) => {
      const expected = nlpjs[i]!;
      return r.label === expected.label && Math.abs(r.score - expected.score) <= 1e-9 * Math.max(Math.abs(r.score), Math.abs(expected.score));
    })
  );
}

async function compare(rank: (text: string) => Promise<Ranked[]>, reference: (text: string) => Promise<Ranked[]>) {
  const mismatches: Mismatch[] = [];
  let ranked = 0;
  let tied = 0;
  for (const text of texts) {
    // Twice: the first call prepares the text, the second finds it in nlp.js's memo.
    const [ours, again, nlpjs] = [await rank(text), await rank(text), await reference(text)];
    if (!sameRanking(ours, nlpjs)) mismatches.push({ text: text.slice(0, 80), ours, nlpjs });
    if (!sameRanking(again, nlpjs)) mismatches.push({ text: text.slice(0, 80), ours: again, nlpjs });
    if (nlpjs.length > 1) ranked += 1;
    if (nlpjs.some((r, i) => i > 0 && r.score === nlpjs[i - 1]!.score)) tied += 1;
  }
  return { mismatches, ranked, tied };
}

function expectSame({ mismatches, ranked }: Awaited<ReturnType<typeof compare>>): void {
  expect(mismatches.length, `first mismatches: ${JSON.stringify(mismatches.slice(0, 3), null, 1)}`).toBe(0);
  // Not vacuous: hundreds of texts rank more than one label, so order and normalisation are compared too.
  expect(ranked).toBeGreaterThan(200);
}

describe.each(LANGUAGES)('the %s classifiers', (language) => {
  it.each(KINDS)(
    'rank %s restored from the cached model exactly as nlp.js does',
    async (kind) => {
      const classifier = await TextClassifier.fromJSON(language, restoredJson[kind][language]);
      expectSame(
        await compare(
          (t) => classifier.rank(t),
          (t) => classifier.rankByNlpjs(t),
        ),
      );
    },
    SLOW,
  );

  it.each(KINDS)(
    'rank %s freshly trained exactly as nlp.js does',
    async (kind) => {
      const classifier = await TextClassifier.train(language, trainingData(kind, language));
      expectSame(
        await compare(
          (t) => classifier.rank(t),
          (t) => classifier.rankByNlpjs(t),
        ),
      );
    },
    SLOW,
  );
});

describe('labels with equal scores', () => {
  it(
    'keep the order nlp.js gives them',
    async () => {
      // A model whose "alpha" is a copy of "zeta" (same weights, same features): every text that
      // scores one scores both the same, and nlp.js's stable sort keeps zeta, trained first, ahead.
      const trained = await TextClassifier.train('en', {
        zeta: ['where is my parcel', 'my order has not arrived'],
        alpha: ['can I pay by card', 'do you take paypal'],
        thanks: ['thank you so much', 'thanks a lot'],
      });
      const json = JSON.parse(JSON.stringify(trained.toJSON())) as SavedNet;
      const { intents, perceptrons } = json.neuralNetwork;
      perceptrons[intents.indexOf('alpha')] = perceptrons[intents.indexOf('zeta')]!;
      json.intentFeatures.alpha = json.intentFeatures.zeta!;
      const classifier = await TextClassifier.fromJSON('en', json);

      const result = await compare(
        (t) => classifier.rank(t),
        (t) => classifier.rankByNlpjs(t),
      );
      expect(result.mismatches).toEqual([]);
      expect(result.tied).toBeGreaterThan(100);
      expect((await classifier.rank('where is my parcel')).map((r) => r.label)).toEqual(['zeta', 'alpha']);
    },
    SLOW,
  );
});

/** The parts of a saved nlp.js NluNeural the tie test edits. */
interface SavedNet {
  intentFeatures: Record<string, Record<string, number>>;
  neuralNetwork: { intents: string[]; perceptrons: number[][] };
}

describe('nlp.js none feature (off in our classifiers, on in nlp.js NluManager)', () => {
  it(
    'ranks as nlp.js does when unknown words feed the None output, trained and restored',
    async () => {
      const container = containerBootstrap();
      container.use(LangEn);
      const settings = { locale: 'en', container, log: false, spellCheck: false, useNoneFeature: true };
      const trained = new NluNeural(settings);
      await trained.train(Object.entries(training.en.intents).flatMap(([intent, list]) => list.map((utterance) => ({ utterance, intent }))));
      const restored = new NluNeural(settings);
      restored.fromJSON(trained.toJSON());

      for (const net of [trained, restored]) {
        const scorer = PerceptronScorer.fromNlpjs(net);
        let noneOnTop = 0;
        const result = await compare(
          async (t) => scorer.rank(await net.prepare(t)),
          async (t) => {
            const { classifications } = await net.process(t);
            if (classifications[0]?.intent === 'None') noneOnTop += 1;
            return classifications.filter((c) => c.intent !== 'None' && c.score > 0).map((c) => ({ label: c.intent, score: c.score }));
          },
        );
        expectSame(result);
        expect(noneOnTop).toBeGreaterThan(0);
      }
    },
    SLOW,
  );
});
