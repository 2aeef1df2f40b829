// Noun phrases by part of speech, for products that are not in the product list: jieba's tagger for
// Chinese ("新买的咖啡机不出水了" → 咖啡机), compromise for English ("my bread maker" → bread maker).
// Both run in memory from data shipped inside their npm packages.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { namesAThing, type NounPhraseFinder } from '../domain/nlu/noun-phrases.ts';
import { englishNounPhrases } from './english-nouns.ts';

/** Tags of jieba's tagger that name things: nouns, other proper nouns, English words. */
const NOUN_TAGS = new Set(['n', 'nz', 'eng', 'vn']);
const LEADING_WORDS = /^(?:(?:my|our|the|a|an|this|that|these|those|new|old|brand new|your|his|her|their|it's|its|some)\s+)+/i;

/** Dictionary words rarer than this (jieba's frequency column) are left out, unless they name a thing. */
const MIN_WORD_FREQUENCY = 5;

/**
 * jieba's own dictionary, read here rather than through `@node-rs/jieba/dict.js`: that module also
 * reads the 6 MB TF-IDF table and keeps both buffers for the life of the process (11 MB); the tagger
 * copies what it needs, so this buffer is freed once it is built. Only the words seen at least
 * MIN_WORD_FREQUENCY times, and every name of a thing, are kept: 142,000 of 349,000 entries, and
 * the tagger holds ~15 MB instead of ~40. Over the 3,284 Chinese sentences of prompts/nlu and
 * test/dialogues the product picked changes in two: 送来的冰箱门上有个大坑 now gives 冰箱 (none
 * before), 这个AI客服真不赖 gives AI (a compliment: the flow asks no product of it).
 */
function readJiebaDictionary(): Buffer {
  const full = readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const kept = full.split('\n').filter((line) => {
    const [word, frequency] = line.split(' ');
    return word && (Number(frequency) >= MIN_WORD_FREQUENCY || namesAThing(word));
  });
  return Buffer.from(kept.join('\n'));
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
