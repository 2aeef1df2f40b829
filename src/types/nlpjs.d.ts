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
    constructor(settings: { locale: string; container: Container; log?: boolean; spellCheck?: boolean });
    cache: { results: Record<string, Record<string, unknown>> };
    train(corpus: { utterance: string; intent: string }[]): Promise<unknown>;
    process(text: string): Promise<{ classifications: Classification[] }>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
