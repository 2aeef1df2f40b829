import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/domain/nlu/entities.ts';
import { detectLanguage } from '../../src/domain/nlu/language.ts';

describe('entity extraction', () => {
  it('finds labelled order numbers in both languages, even when they look like dates', () => {
    expect(extractEntities('My order 12345678 is late').orderNumbers).toEqual(['12345678']);
    expect(extractEntities('订单号是 20261199').orderNumbers).toEqual(['20261199']);
    expect(extractEntities('订单：MY20261101999').orderNumbers).toEqual(['MY20261101999']);
  });

  it('does not mistake phone numbers, dates or the hotline for order numbers', () => {
    const e = extractEntities('call me on 13812345678 about what happened on 20261101, or I ring 400-820-1234');
    expect(e.phones).toEqual(['+8613812345678']);
    expect(e.orderNumbers).toBeUndefined();
  });

  it('reads emails, amounts with currencies and dates', () => {
    const e = extractEntities('Charged ¥299.50 twice on 2026-11-02, write to Li.Wei+care@example.com');
    expect(e.emails).toEqual(['li.wei+care@example.com']);
    expect(e.amounts).toEqual([{ value: 299.5, currency: 'CNY' }]);
    expect(e.dates).toEqual(['2026-11-02']);
    expect(extractEntities('多扣了50元，11月3日的事').amounts).toEqual([{ value: 50, currency: 'CNY' }]);
    expect(extractEntities('11月3日').dates).toEqual(['11-03']);
  });

  it('understands a typed choice number', () => {
    expect(extractEntities('2').choiceIndex).toBe(2);
    expect(extractEntities('第三个').choiceIndex).toBe(3);
    expect(extractEntities('the first one').choiceIndex).toBe(1);
    expect(extractEntities('2 blenders broke').choiceIndex).toBeUndefined();
  });
});

describe('language detection', () => {
  it('reads Han characters as Chinese and Latin words as English', () => {
    expect(detectLanguage('我的订单')).toBe('zh');
    expect(detectLanguage('order 123 没到')).toBe('zh');
    expect(detectLanguage('where is my parcel')).toBe('en');
  });

  it('has no opinion on emoji, digits or punctuation', () => {
    expect(detectLanguage('😡😡')).toBeUndefined();
    expect(detectLanguage('12345678')).toBeUndefined();
  });
});

describe('names', () => {
  it('picks up a name the customer gives', () => {
    expect(extractEntities('Hi, my name is Li Wei and my order is late').name).toBe('Li Wei');
    expect(extractEntities('我叫王小明，订单还没到').name).toBe('王小明');
    expect(extractEntities('I am really angry').name).toBeUndefined();
  });
});

describe('phone numbers', () => {
  it('spells the same number the same way whatever the channel or typing', async () => {
    const { normalizePhone } = await import('../../src/domain/phone.ts');
    expect(normalizePhone('138 1234 5678')).toBe('+8613812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('+8613812345678');
    expect(normalizePhone('008613812345678')).toBe('+8613812345678');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
  });
});
