// Chinese tokens for the classifiers: each Han character and each pair of neighbours, plus Latin
// words and numbers. Needs no dictionary (nlp.js's word segmenter costs ~170 MB of memory) and
// copes with the typos, slang and product names customers write.

import { Tokenizer } from '@nlpjs/core';

const HAN_RUN = /\p{Script=Han}+/gu;
const OTHER_WORDS = /[a-z0-9]+/gi;

export function bigramTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of text.matchAll(HAN_RUN)) {
    const chars = [...run];
    tokens.push(...chars);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
  }
  for (const [word] of text.replace(HAN_RUN, ' ').matchAll(OTHER_WORDS)) tokens.push(word.toLowerCase());
  return tokens;
}

export class BigramTokenizerZh extends Tokenizer {
  constructor(container?: unknown, shouldNormalize?: boolean) {
    super(container, shouldNormalize);
    this.name = 'tokenizer-zh';
  }

  override innerTokenize(text: string): string[] {
    return bigramTokens(text);
  }
}
