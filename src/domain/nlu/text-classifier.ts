// A small neural text classifier per language (nlp.js), trained from labelled utterances.
// Used three times: intents, emotions and knowledge-base entries. nlp.js prepares the text and
// trains; scoring runs on our own PerceptronScorer, which ranks exactly as nlp.js does at a
// fraction of its allocations.

import { containerBootstrap, type Container } from '@nlpjs/core';
import { NluNeural } from '@nlpjs/nlu';
import { LangEn } from '@nlpjs/lang-en';
import type { Language } from '../types.ts';
import { BigramTokenizerZh } from './bigram-tokenizer-zh.ts';
import { PerceptronScorer, type Ranked } from './perceptron-scorer.ts';

export type LabelledUtterances = Record<string, string[]>;
export type { Ranked };

/** nlp.js memoises every text it has seen; past this many we forget, so memory stays flat. */
const MEMO_LIMIT = 5_000;

let sharedContainer: Container | undefined;

function container(): Container {
  if (!sharedContainer) {
    sharedContainer = containerBootstrap();
    sharedContainer.use(LangEn);
    // Chinese uses character bigrams as they are: nlp.js's lang-zh segments with a dictionary and
    // stems to pinyin, which costs ~170 MB and merges homophones (退货/推货).
    sharedContainer.register('tokenizer-zh', new BigramTokenizerZh(sharedContainer), true);
    sharedContainer.register('stemmer-zh', { stem: (tokens: string[]) => tokens }, true);
  }
  return sharedContainer;
}

export class TextClassifier {
  private seen = 0;
  private readonly scorer: PerceptronScorer;

  private constructor(
    readonly language: Language,
    private readonly net: NluNeural,
  ) {
    this.scorer = PerceptronScorer.fromNlpjs(net);
  }

  /** Trains a classifier from labelled utterances. */
  static async train(language: Language, data: LabelledUtterances): Promise<TextClassifier> {
    const net = new NluNeural({ locale: language, container: container(), log: false, spellCheck: false });
    const corpus = Object.entries(data).flatMap(([label, utterances]) => utterances.map((utterance) => ({ utterance, intent: label })));
    await net.train(corpus);
    return new TextClassifier(language, net);
  }

  /** Restores a classifier saved with toJSON(). */
  static async fromJSON(language: Language, json: unknown): Promise<TextClassifier> {
    const net = new NluNeural({ locale: language, container: container(), log: false, spellCheck: false });
    net.fromJSON(json);
    return new TextClassifier(language, net);
  }

  toJSON(): unknown {
    return this.net.toJSON();
  }

  /** Labels ranked by score, best first; empty when nothing matched at all. */
  rank(text: string): Promise<Ranked[]> {
    this.forgetWhenFull();
    // A text seen before is read straight from nlp.js's memo: prepare() would cost two promises
    // and a Date to find it there.
    const prepared = this.net.cache?.results[this.language]?.[text];
    if (prepared) return Promise.resolve(this.scorer.rank(prepared));
    return this.net.prepare(text).then((tokens) => this.scorer.rank(tokens));
  }

  /**
   * The same ranking by nlp.js's own process(): the reference rank() is held to in
   * test/unit/perceptron-scorer.test.ts. Slow and allocation-heavy; not for the message path.
   */
  async rankByNlpjs(text: string): Promise<Ranked[]> {
    const { classifications } = await this.net.process(text);
    return classifications.filter((c) => c.intent !== 'None' && c.score > 0).map((c) => ({ label: c.intent, score: c.score }));
  }

  private forgetWhenFull(): void {
    this.seen += 1;
    if (this.seen < MEMO_LIMIT) return;
    this.seen = 0;
    if (this.net.cache) this.net.cache.results = {};
  }
}
