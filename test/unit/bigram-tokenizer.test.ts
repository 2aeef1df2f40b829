import { expect, it } from 'vitest';
import { bigramTokens } from '../../src/domain/nlu/bigram-tokenizer-zh.ts';

it('splits Chinese into characters and neighbouring pairs, keeping Latin words and numbers', () => {
  expect(bigramTokens('我要退货 iPhone 15')).toEqual(['我', '要', '退', '货', '我要', '要退', '退货', 'iphone', '15']);
});

it('keeps runs apart across punctuation', () => {
  expect(bigramTokens('坏了，退款')).toEqual(['坏', '了', '坏了', '退', '款', '退款']);
});
