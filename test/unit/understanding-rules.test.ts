// The rules that read facts and feelings out of what customers write: order numbers in the policy's
// formats, products with their model, the language of mixed messages, feelings that need their
// words, and "what happened" in one short sentence.

import { describe, expect, it } from 'vitest';
import { summarizeProblem } from '../../src/domain/flow/facts.ts';
import { readFeeling, strongerFeeling } from '../../src/domain/nlu/feeling.ts';
import { detectLanguage } from '../../src/domain/nlu/language.ts';
import { orderNumberReader } from '../../src/domain/nlu/order-numbers.ts';
import { findModelCode, productFinder } from '../../src/domain/nlu/products.ts';
import { productPhrasePicker } from '../../src/domain/nlu/noun-phrases.ts';
import { testContent } from '../support/test-app.ts';

const read = orderNumberReader(['[A-Z]{2,4}\\d{5,18}', '[A-Z]{2,4}-\\d{6,10}-\\d{3,6}', '\\d{3}-\\d{7}-\\d{7}', '\\d{6,20}']);

describe('order numbers', () => {
  it('reads shop prefixes, dashed and marketplace forms, in any case, as written', () => {
    expect(read('order JD20261128553 is late', []).certain).toEqual(['JD20261128553']);
    expect(read('its tb3391027745', []).certain).toEqual(['TB3391027745']);
    expect(read('CN88231 never came', []).certain).toEqual(['CN88231']);
    expect(read('order US-20261102-7781 still nothing', []).certain).toEqual(['US-20261102-7781']);
    expect(read('112-1234567-1234567', []).certain).toEqual(['112-1234567-1234567']);
  });

  it('takes short or date-like numbers only after a label, otherwise offers them as possible', () => {
    expect(read('订单号 558812', []).certain).toEqual(['558812']);
    expect(read('20261103', [])).toEqual({ certain: [], possible: ['20261103'] });
    expect(read('order number is 20261103', []).certain).toEqual(['20261103']);
    expect(read('it cost 349', []).possible).toEqual([]);
  });

  it('never takes a phone number, a WeChat or a QQ id', () => {
    expect(read('call me on 13812345678', ['+8613812345678'])).toEqual({ certain: [], possible: [] });
    expect(read('my wechat is wx123456', [])).toEqual({ certain: [], possible: [] });
    expect(read('微信号 wx20261128', [])).toEqual({ certain: [], possible: [] });
  });
});

describe('products', () => {
  const finder = productFinder({ en: ['blender', 'robot vacuum', 'vacuum', 'steam iron', 'phone'], zh: ['微波炉', '扫地机器人', '电动牙刷', '牙刷', '手机'], brands: { en: ['dyson'], zh: ['小米'] } });
  const find = (text: string) => finder(text)?.name;

  it('keeps the brand or model written next to the product word', () => {
    expect(find('the Vortex Pro 600 blender broke')).toBe('Vortex Pro 600 blender');
    expect(find('my robot vacuum stopped charging')).toBe('robot vacuum');
    expect(find('格兰仕G80F23微波炉不转了')).toBe('G80F23微波炉');
    expect(find('买的电动牙刷刷头不转')).toBe('电动牙刷');
  });

  it('takes a brand alone as the product, and no product from a phone number', () => {
    expect(finder('my Dyson keeps pulsing')).toEqual({ name: 'Dyson', brandOnly: true });
    expect(finder('小米的那个不转了')).toEqual({ name: '小米', brandOnly: true });
    expect(find('my phone number is 13812345678')).toBeUndefined();
    expect(find('手机号是13812345678')).toBeUndefined();
  });

  it('finds a model code alone, but not an ordinal, a date or an order number', () => {
    expect(findModelCode('oh and its the BT-7 Pro, not the regular one', [])).toBe('BT-7 Pro');
    expect(findModelCode('i received it on november 3rd', [])).toBeUndefined();
    expect(findModelCode('JD20261128553', ['JD20261128553'])).toBeUndefined();
  });
});

describe('products the list does not know, from the parts of speech', () => {
  it('takes the noun phrase of a thing that went wrong, never a pronoun, a code or a fault', async () => {
    const { nlu } = await testContent();
    expect(nlu.guessProduct('my bread maker makes a grinding noise', 'en')).toBe('bread maker');
    expect(nlu.guessProduct('my foot spa stopped heating after a week', 'en')).toBe('foot spa');
    expect(nlu.guessProduct('新买的挂脖风扇不转了', 'zh')).toMatch(/风扇$/);
    expect(nlu.guessProduct('something i ordered from you stopped working', 'en')).toBeUndefined();
    expect(productPhrasePicker(['开机'])(['按键失灵', '开机', '挂脖风扇'])).toBe('挂脖风扇');
    expect(productPhrasePicker(['you'])(['CN77410', 'you', 'juicer cup'])).toBe('juicer cup');
  });
});

describe('language of a message', () => {
  it('follows most of the words; a tie or neutral words keep the conversation language', () => {
    expect(detectLanguage('hi 我的订单 still not here', 'zh')).toBe('en');
    expect(detectLanguage('我的order一直没到 都五天了', 'en')).toBe('zh');
    expect(detectLanguage('ok 谢谢', 'en')).toBe('en');
    expect(detectLanguage('ok', 'zh')).toBe('zh');
    expect(detectLanguage('tb7730215548', 'zh')).toBeUndefined(); // no words: the caller keeps the conversation's language
  });
});

describe('feelings', () => {
  const calmAnswer = { classified: 'angry' as const, soundsAngry: false, feelsWronged: false, harmed: false, negative: false, shortAnswer: true };

  it('reads a short answer without words of anger as calm, whatever the classifier thought', () => {
    expect(readFeeling(calmAnswer)).toBe('calm');
  });

  it('needs words of anger for anger and words of being wronged or harm for victimized', () => {
    expect(readFeeling({ ...calmAnswer, shortAnswer: false })).toBe('annoyed');
    expect(readFeeling({ ...calmAnswer, shortAnswer: false, soundsAngry: true })).toBe('angry');
    expect(readFeeling({ ...calmAnswer, classified: 'calm', feelsWronged: true })).toBe('victimized');
    expect(readFeeling({ ...calmAnswer, classified: 'calm', harmed: true })).toBe('victimized');
  });

  it('keeps the strongest feeling of a conversation', () => {
    expect(strongerFeeling('calm', 'angry')).toBe('angry');
    expect(strongerFeeling('victimized', 'annoyed')).toBe('victimized');
  });
});

describe('what happened, in one short sentence', () => {
  it('leaves out greetings, order-number labels, wishes and sarcasm', () => {
    expect(summarizeProblem('电热毯有一块不热 订单号JD20261128535 我想修一下')).toBe('电热毯有一块不热');
    expect(summarizeProblem('呵呵 你们效率可真高啊 洗衣机下单十天了还没送到')).toBe('洗衣机下单十天了还没送到');
    expect(summarizeProblem("Hello, order 31002244: the speaker you sent has no sound from the left side. I'd like a replacement.")).toBe('The speaker you sent has no sound from the left side.');
    expect(summarizeProblem('你好 我家电水壶坏了 按下去灯不亮')).toBe('我家电水壶坏了，按下去灯不亮');
    expect(summarizeProblem('My kettle from order 12345678 leaks, very disappointing')).toBe('My kettle from order 12345678 leaks, very disappointing');
    expect(summarizeProblem("Hi there. Order JD20261128553 - the air fryer in it won't heat up at all")).toBe("The air fryer in it won't heat up at all");
  });
});
