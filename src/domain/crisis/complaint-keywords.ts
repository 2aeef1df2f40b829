// The keywords a complaint is counted under for the crisis signal: the content words of the
// complaint's first message (nlu/content-words.ts: Chinese character pairs, English words without
// the small ones, crudely stemmed), computed once when the case is opened. Cheap and deterministic,
// so the same words from different customers meet under one key. Pure.

import { contentWords } from '../nlu/content-words.ts';
import type { Language } from '../types.ts';

/** At most this many words a complaint: a long story should not weigh more than a short one. */
export const MAX_KEYWORDS = 12;
/** Runs of digits (order numbers, phone numbers, amounts) are never topics, and may identify someone. */
const DIGITS = /\d{3,}/;

/** The complaint's keywords, in the order the message has them, each at most 40 characters. */
export function complaintKeywords(text: string, language: Language): string[] {
  const words: string[] = [];
  for (const word of contentWords(text, language)) {
    if (DIGITS.test(word) || word.length > 40) continue;
    words.push(word);
    if (words.length === MAX_KEYWORDS) break;
  }
  return words;
}

/** A product or keyword as a signal's key: trimmed and in lower case, so "Blender" and "blender " meet. */
export function crisisKey(text: string): string {
  return text.trim().toLowerCase();
}
