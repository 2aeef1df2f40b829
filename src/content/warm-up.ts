// The language parts run over a sample of the training sentences before the service takes traffic.
// V8 compiles a function for speed only after it has run a while: without this, an English
// complaint's product guess (compromise's tagger) took ~4 ms of CPU per message for the first
// hundred or so such messages after a start, against ~1 ms once compiled, and the NLU's parse was
// slower too. After a deploy or a scale-out, those first customers waited for the JIT.

import type { NluService, NluTrainingData } from '../domain/nlu/nlu.ts';
import { LANGUAGES, type Language } from '../domain/types.ts';

/** Sentences per intent and language: ~480 in all, ~0.3 s on a 2-core machine. */
export const WARM_UP_PER_INTENT = 20;

export interface WarmUpSentence {
  text: string;
  language: Language;
}

/** The first `perIntent` training sentences of every intent, in both languages, the languages taking turns. */
export function warmUpSentences(training: NluTrainingData, perIntent = WARM_UP_PER_INTENT): WarmUpSentence[] {
  const byLanguage = LANGUAGES.map((language) => Object.values(training.intents[language]).flatMap((examples) => examples.slice(0, perIntent).map((text) => ({ text, language }))));
  const longest = Math.max(0, ...byLanguage.map((list) => list.length));
  const sentences: WarmUpSentence[] = [];
  for (let i = 0; i < longest; i++) {
    for (const list of byLanguage) {
      const sentence = list[i];
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}

/** Parses each sentence and guesses its product, as a customer's message would be; returns the milliseconds it took. */
export async function warmUp(nlu: NluService, sentences: readonly WarmUpSentence[]): Promise<number> {
  const started = performance.now();
  for (const { text, language } of sentences) {
    await nlu.parse(text, language);
    nlu.guessProduct(text, language);
  }
  return Math.round(performance.now() - started);
}
