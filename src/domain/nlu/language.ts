// Tells Chinese from English by the words: the language of most of the words wins, a tie keeps
// the conversation's language ("hi 我的订单 still not here" is English).

import type { Language } from '../types.ts';

const HAN = /\p{Script=Han}/gu;
/** Words of letters only: an order number or model code ("tb7730215548", "G80F23") is no word of a language. */
const LATIN_WORD = /(?<![a-z0-9-])[a-z]{2,}(?![a-z0-9]|-\d)/gi;
/** About this many Han characters make one Chinese word. */
const HAN_PER_WORD = 2;
/** Words every chat uses whatever its language: alone they keep the conversation's language. */
const NEUTRAL = /^(ok|okay|okk|kk|k|yes|yep|no|nope|hi|hey|bye|thx|ty|lol|emm|hmm|ah|oh)$/i;

/** The message's language, or undefined when it has no words (emoji, digits, punctuation). */
export function detectLanguage(text: string, conversationLanguage?: Language): Language | undefined {
  const hanChars = text.match(HAN)?.length ?? 0;
  const words = text.match(LATIN_WORD) ?? [];
  const latinWords = words.length;
  if (hanChars === 0 && latinWords === 0) return undefined;
  if (hanChars === 0 && conversationLanguage && words.every((w) => NEUTRAL.test(w))) return conversationLanguage;
  if (hanChars === 0) return 'en';
  if (latinWords === 0) return 'zh';
  const hanWords = Math.ceil(hanChars / HAN_PER_WORD);
  if (hanWords === latinWords) return conversationLanguage ?? 'zh';
  return hanWords > latinWords ? 'zh' : 'en';
}
