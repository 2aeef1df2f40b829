// Minimal typings for the parts of nlp.js this project uses (the packages ship none).
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    register(name: string, instance: unknown, isSingleton?: boolean): void;
  }
  export function containerBootstrap(): Container;
  export class Tokenizer {
    constructor(container?: unknown, shouldNormalize?: boolean);
    name: string;
    innerTokenize(text: string): string[];
  }
}

declare module '@nlpjs/nlu' {
  import type { Container } from '@nlpjs/core';
  export interface Classification {
    intent: string;
    score: number;
  }
  export class NluNeural {
    constructor(settings: { locale: string; container: Container; log?: boolean; spellCheck?: boolean; useNoneFeature?: boolean });
    /** Prepared texts by locale, from the first prepare() on. */
    cache: { results: Record<string, Record<string, Record<string, number> | undefined> | undefined> } | undefined;
    train(corpus: { utterance: string; intent: string }[]): Promise<unknown>;
    process(text: string): Promise<{ classifications: Classification[] }>;
    /** The text normalised, tokenised and stemmed into token → 1, memoised in `cache`. */
    prepare(text: string): Promise<Record<string, number>>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
    // Undocumented internals, read once by src/domain/nlu/perceptron-scorer.ts to score without nlp.js.
    settings: NluSettings;
    features: Record<string, number>;
    intents: Record<string, number>;
    intentFeatures: Record<string, Record<string, number>> | undefined;
    /** Set on the first process() after train(), by fromJSON() at once. */
    intentsArr: string[] | undefined;
    numIntents: number;
    numFeatures: number;
    neuralNetwork: NeuralNetwork | undefined;
  }
  export interface NluSettings {
    useNoneFeature?: boolean;
    nonedeltaValue?: number;
    nonedeltaMultiplier: number;
    filterZeros?: boolean;
    spellCheck?: boolean;
    allowList?: unknown;
  }
  export interface NeuralNetwork {
    settings: { alpha: number };
    perceptrons: { name: string; weights: Float32Array; bias: number }[] | undefined;
    lookup: { inputLookup: { dict: Record<string, number> }; outputLookup: { dict: Record<string, number> } } | undefined;
  }
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
