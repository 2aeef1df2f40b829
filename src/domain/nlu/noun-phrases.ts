// Products named in words the product list does not know: the first noun phrase of the message
// that is not a word of orders, money, time or people (prompts/nlu/lexicon.yaml `not_products`).

import type { Language } from '../types.ts';

/** Noun phrases of a text, in order (a part-of-speech tagger behind it). */
export type NounPhraseFinder = (text: string, language: Language) => string[];

/** Chinese names of things end like one: 咖啡机, 加湿器, 投影仪, 电饭锅, 台灯 … (not 按键失灵, 开机). */
const ZH_THING = /[机器仪锅壶灯扇箱柜表笔杯秤垫毯锁车椅床屏板罩盒架桶炉煲刀剪梳镜宝线座]$/u;

/** The first phrase that can be a product: a thing's name, no stopword, no number or code. */
export function pickProductPhrase(phrases: readonly string[], notProducts: readonly string[]): string | undefined {
  return phrases.find((phrase) => {
    const lower = phrase.toLowerCase();
    if (lower.length < 2 || /\d/.test(lower)) return false;
    if (/\p{Script=Han}/u.test(phrase) && !ZH_THING.test(phrase)) return false;
    return !notProducts.some((word) => (/^[a-z]/.test(word) ? new RegExp(`\\b${word}s?\\b`, 'i').test(lower) : lower.includes(word)));
  });
}
