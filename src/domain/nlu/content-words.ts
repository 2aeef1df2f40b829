// The words of a message that carry its meaning: Chinese character pairs, English words without the
// small grammatical ones, crudely stemmed. Used to tell whether a knowledge entry is about what
// the customer asked at all (the classifier's score says only which entry is least unlike it).

import type { Language } from '../types.ts';

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+/gi;
/** Function words, and words every question has ("please", "tell", "want"). */
const EN_STOPWORDS = new Set(
  'a an the and or but if of to in on at by for from with about into over after before up down out off is are was were be been being am do does did done have has had having i me my mine we us our you your yours he she it its they them their this that these those there here what which who whom whose when where why how can could would should will shall may might must not no yes so than then too very just also only any some all each every much many more most other such own same again once please tell know want need get got like thanks thank hi hello hey ok okay one really still already whats anyway guys cool gonna wanna usually actually btw though'.split(
    ' ',
  ),
);
/** Characters that carry no topic alone: particles, pronouns, question words. */
const ZH_FILLER = /^[的了吗呢吧啊呀么嘛我你您他她它们这那哪是有在个和就都也还要会能可想请问一下什怎多少几啥咋]+$/u;

export function contentWords(text: string, language: Language): Set<string> {
  const words = new Set<string>();
  const lower = text.toLowerCase();
  if (language === 'zh') {
    for (const [run] of lower.matchAll(HAN_RUN)) {
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length; i++) {
        const pair = chars[i]! + chars[i + 1]!;
        if (!ZH_FILLER.test(pair)) words.add(pair);
      }
    }
  }
  for (const [word] of lower.replace(HAN_RUN, ' ').matchAll(LATIN_WORD)) {
    if (word.length < 2 || EN_STOPWORDS.has(word)) continue;
    words.add(stem(word));
  }
  return words;
}

/** How many of the message's content words the vocabulary has. */
export function sharedWords(message: Set<string>, vocabulary: Set<string>): number {
  let shared = 0;
  for (const word of message) if (vocabulary.has(word)) shared += 1;
  return shared;
}

function stem(word: string): string {
  return word.replace(/(ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1');
}
