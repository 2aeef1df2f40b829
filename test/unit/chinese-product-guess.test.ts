// Products named in words the product list may not know, found by jieba's tagger on its trimmed
// dictionary (src/content/noun-phrase-tagger.ts): the name of the thing, not the fault around it.

import { beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/content/load-content.ts';
import { createNounPhraseFinder } from '../../src/content/noun-phrase-tagger.ts';
import { productPhrasePicker } from '../../src/domain/nlu/noun-phrases.ts';

describe('a Chinese complaint’s product, by part of speech', () => {
  let guess: (text: string) => string | undefined;
  beforeAll(async () => {
    const lexicon = await loadLexicon('prompts');
    const pick = productPhrasePicker([...(lexicon.not_products?.en ?? []), ...(lexicon.not_products?.zh ?? [])]);
    const find = createNounPhraseFinder();
    guess = (text) => pick(find(text, 'zh'));
  });

  it.each([
    ['新买的咖啡机不出水了', '咖啡机'],
    ['破壁机第一天就炸了，气死了', '破壁机'],
    ['送来的冰箱门上有个大坑', '冰箱'],
    ['台灯用了两天就不亮了', '台灯'],
  ])('%s → %s', (text, product) => {
    expect(guess(text)).toBe(product);
  });

  it('finds none where no thing is named', () => {
    expect(guess('我的订单还没发货')).toBeUndefined();
    expect(guess('你们客服态度太差了')).toBeUndefined();
  });
});
