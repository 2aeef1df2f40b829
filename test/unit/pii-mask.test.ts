import { describe, expect, it } from 'vitest';
import { findSensitiveNumbers, maskSensitiveNumbers } from '../../src/domain/pii-mask.ts';

describe('masking card and ID numbers at rest', () => {
  it('keeps the last four of a card number however it is written', () => {
    expect(maskSensitiveNumbers('card 4111 1111 1111 1111 please')).toBe('card **** **** **** 1111 please');
    expect(maskSensitiveNumbers('卡号6222-0212-3456-7890-128')).toBe('卡号****-****-****-***0-128');
    expect(maskSensitiveNumbers('charged on 5200000000000007 twice')).toBe('charged on ************0007 twice');
    expect(maskSensitiveNumbers('amex 3782 822463 10005')).toBe('amex **** ****** *0005');
    // Full-width digits from a Chinese input method count the same.
    expect(maskSensitiveNumbers('４１１１１１１１１１１１１１１１')).toBe('************１１１１');
  });

  it('keeps the last four of resident ID numbers, new and old', () => {
    expect(maskSensitiveNumbers('身份证 44030419900307123X')).toBe('身份证 **************123X');
    expect(maskSensitiveNumbers('my ID is 310115198511200047.')).toBe('my ID is **************0047.');
    expect(maskSensitiveNumbers('旧身份证 110105491231002')).toBe('旧身份证 ***********1002');
  });

  it('masks a labelled card number even when a typo breaks its check digit', () => {
    expect(maskSensitiveNumbers('my card number is 4111 1111 1111 1112')).toBe('my card number is **** **** **** 1112');
    expect(maskSensitiveNumbers('a number 4111111111111112')).toBe('a number 4111111111111112');
  });

  it('leaves order and tracking numbers alone, in every format the policy lists', () => {
    for (const text of [
      'order 2867451234567890123 is late',
      '订单号：4111111111111111',
      'JD20261128553 TB3391027745 PDD20261105339 JD4111111111111111',
      'US-20261102-7781 and 112-1234567-1234567',
      'tracking 1234567890123',
      '运单号 5200000000000007',
    ]) {
      expect(maskSensitiveNumbers(text)).toBe(text);
    }
  });

  it('takes a bare digit run for the order number when the bot has just asked for it', () => {
    expect(maskSensitiveNumbers('2867451234567890123', { orderNumberExpected: true })).toBe('2867451234567890123');
    expect(maskSensitiveNumbers('2867451234567890123')).toBe('***************0123');
    // Written like a card, or called one, it is still a card.
    expect(maskSensitiveNumbers('4111 1111 1111 1111', { orderNumberExpected: true })).toBe('**** **** **** 1111');
    expect(maskSensitiveNumbers('card 4111111111111111', { orderNumberExpected: true })).toBe('card ************1111');
  });

  it('never masks phone numbers', () => {
    for (const text of ['+8613812345678', '8613812345678', '13812345678', '0086 138 1234 5678', '+86 138 0013 8000', '0755-88881234']) {
      expect(findSensitiveNumbers(text)).toEqual([]);
    }
  });

  it('is idempotent: a masked text stays as it is', () => {
    const once = maskSensitiveNumbers('card 4111 1111 1111 1111, ID 44030419900307123X');
    expect(maskSensitiveNumbers(once)).toBe(once);
  });
});
