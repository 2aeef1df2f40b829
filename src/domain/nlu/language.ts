// Tells Chinese from English by the words: the language of most of the words wins, a tie keeps
// the conversation's language ("hi 我的订单 still not here" is English).

import type { Language } from '../types.ts';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[a-z]{2,}/gi;
/** About this many Han characters make one Chinese word. */
const HAN_PER_WORD = 2;

/** The message's language, or undefined when it has no words (emoji, digits, punctuation). */
export function detectLanguage(text: string, conversationLanguage?: Language): Language | undefined {
  const hanChars = text.match(HAN)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (hanChars === 0 && latinWords === 0) return undefined;
  if (hanChars === 0) return 'en';
  if (latinWords === 0) return 'zh';
  const hanWords = Math.ceil(hanChars / HAN_PER_WORD);
  if (hanWords === latinWords) return conversationLanguage ?? 'zh';
  return hanWords > latinWords ? 'zh' : 'en';
}
