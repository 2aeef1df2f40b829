// Products named in words the product list does not know: the first noun phrase of the message
// that is not a word of orders, money, time or people (prompts/nlu/lexicon.yaml `not_products`).

import type { Language } from '../types.ts';

/** Noun phrases of a text, in order (a part-of-speech tagger behind it). */
export type NounPhraseFinder = (text: string, language: Language) => string[];

/** Chinese names of things end like one: 咖啡机, 加湿器, 投影仪, 电饭锅, 台灯 … (not 按键失灵, 开机). */
const ZH_THING = /[机器仪锅壶灯扇箱柜表笔杯秤垫毯锁车椅床屏板罩盒架桶炉煲刀剪梳镜宝线座]$/u;

/** Whether a Chinese word ends like the name of a thing (a product the customer may name). */
export function namesAThing(word: string): boolean {
  return ZH_THING.test(word);
}

/** A picker of the first phrase that can be a product: a thing's name, no stopword, no number or code. */
export function productPhrasePicker(notProducts: readonly string[]): (phrases: readonly string[]) => string | undefined {
  // Compiled once: English stopwords match whole words (and their plural), Chinese ones anywhere.
  const english = notProducts.filter((word) => /^[a-z]/.test(word)).map((word) => new RegExp(`\\b${word}s?\\b`, 'i'));
  const chinese = notProducts.filter((word) => !/^[a-z]/.test(word));
  return (phrases) =>
    phrases.find((phrase) => {
      const lower = phrase.toLowerCase();
      if (lower.length < 2 || /\d/.test(lower)) return false;
      if (/\p{Script=Han}/u.test(phrase) && !ZH_THING.test(phrase)) return false;
      return !english.some((word) => word.test(lower)) && !chinese.some((word) => lower.includes(word));
    });
}
