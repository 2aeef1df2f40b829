// Tells Chinese from English by script: any run of Han characters makes a message Chinese.

import type { Language } from '../types.ts';

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[a-z]{2,}/i;

/** The message's language, or undefined when it has no words (emoji, digits, punctuation). */
export function detectLanguage(text: string): Language | undefined {
  if (HAN.test(text)) return 'zh';
  if (LATIN_WORD.test(text)) return 'en';
  return undefined;
}
