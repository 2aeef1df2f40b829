// A small neural text classifier per language (nlp.js), trained from labelled utterances.
// Used three times: intents, emotions and knowledge-base entries.

import { containerBootstrap, type Container } from '@nlpjs/core';
import { NluNeural } from '@nlpjs/nlu';
import { LangEn } from '@nlpjs/lang-en';
import type { Language } from '../types.ts';
import { BigramTokenizerZh } from './bigram-tokenizer-zh.ts';

export type LabelledUtterances = Record<string, string[]>;

export interface Ranked {
  label: string;
  score: number;
}

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

  private constructor(
    readonly language: Language,
    private readonly net: NluNeural,
  ) {}

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
  async rank(text: string): Promise<Ranked[]> {
    this.forgetWhenFull();
    const { classifications } = await this.net.process(text);
    return classifications.filter((c) => c.intent !== 'None' && c.score > 0).map((c) => ({ label: c.intent, score: c.score }));
  }

  private forgetWhenFull(): void {
    this.seen += 1;
    if (this.seen < MEMO_LIMIT) return;
    this.seen = 0;
    this.net.cache.results = {};
  }
}
