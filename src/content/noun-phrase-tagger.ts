// Noun phrases by part of speech, for products that are not in the product list: jieba's tagger for
// Chinese ("新买的咖啡机不出水了" → 咖啡机), compromise for English ("my bread maker" → bread maker).
// Both run in memory from data shipped inside their npm packages.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import type { NounPhraseFinder } from '../domain/nlu/noun-phrases.ts';
import { englishNounPhrases } from './english-nouns.ts';

/** Tags of jieba's tagger that name things: nouns, other proper nouns, English words. */
const NOUN_TAGS = new Set(['n', 'nz', 'eng', 'vn']);
const LEADING_WORDS = /^(?:(?:my|our|the|a|an|this|that|these|those|new|old|brand new|your|his|her|their|it's|its|some)\s+)+/i;

/**
 * jieba's own dictionary, read here rather than through `@node-rs/jieba/dict.js`: that module also
 * reads the 6 MB TF-IDF table and keeps both buffers for the life of the process (11 MB); the tagger
 * copies what it needs, so this buffer is freed once it is built.
 */
function readJiebaDictionary(): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'));
}

export function createNounPhraseFinder(): NounPhraseFinder {
  const jieba = Jieba.withDict(readJiebaDictionary());
  return (text, language) => {
    if (language === 'zh') {
      const phrases: string[] = [];
      let run = '';
      for (const { word, tag } of jieba.tag(text, true)) {
        if (NOUN_TAGS.has(tag)) run += word;
        else if (run) {
          phrases.push(run);
          run = '';
        }
      }
      if (run) phrases.push(run);
      return phrases;
    }
    return englishNounPhrases(text)
      .map((p) => p.replace(LEADING_WORDS, '').trim())
      .filter((p) => p.length > 0);
  };
}
