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
/** Words every complaint uses (as content-words.ts stems them): they name no topic. */
const GENERIC_EN = new Set([
  'complain',
  'complaint',
  'problem',
  'issue',
  'order',
  'number',
  'product',
  'item',
  'thing',
  'bought',
  'buy',
  'purchas',
  'receiv',
  'got',
  'get',
  'want',
  'need',
  'help',
  'service',
  'custom',
  'still',
  'again',
  'last',
  'week',
  'day',
  'today',
  'yesterday',
  'second',
  'time',
  'really',
]);
const GENERIC_ZH = ['投诉', '问题', '订单', '单号', '东西', '产品', '商品', '客服', '收到', '处理', '怎么', '什么', '一直', '已经', '今天', '昨天', '星期'];
/**
 * Where Chinese words end: the generic words and the function characters. The character pairs are
 * made between them only, so "我要投诉订单问题" gives no pairs across words ("诉订", "单问").
 */
const ZH_BREAKS = new RegExp(`${GENERIC_ZH.join('|')}|[的了我你他她它是在有没一这那个要吗呢吧啊都就也还很和与被把给到说]`, 'gu');

/** The complaint's keywords, in the order the message has them, each at most 40 characters. */
export function complaintKeywords(text: string, language: Language): string[] {
  const words: string[] = [];
  for (const word of contentWords(language === 'zh' ? text.replace(ZH_BREAKS, ' ') : text, language)) {
    if (DIGITS.test(word) || word.length > 40 || GENERIC_EN.has(word)) continue;
    words.push(word);
    if (words.length === MAX_KEYWORDS) break;
  }
  return words;
}

/** A product or keyword as a signal's key: trimmed and in lower case, so "Blender" and "blender " meet. */
export function crisisKey(text: string): string {
  return text.trim().toLowerCase();
}
