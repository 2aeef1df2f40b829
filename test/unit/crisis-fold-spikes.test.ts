import { describe, expect, it } from 'vitest';
import { foldSpikes } from '../../src/domain/crisis/fold-spikes.ts';
import type { Spike, SpikeDimension } from '../../src/domain/crisis/spike-detection.ts';

const spike = (dimension: SpikeDimension, key: string, pValue: number, count = 6, expected = 0.5): Spike => ({ dimension, key, count, expected, pValue });
const ids = (...n: number[]) => new Set(n.map((i) => `case-${i}`));

describe('one burst, one signal', () => {
  it('folds the product, the other keywords and the category of one burst into the keyword most of it uses', () => {
    const cases = new Map<string, Set<string>>([
      ['product:zephyr kettle', ids(1, 2, 3, 4, 5)],
      ['keyword:漏水', ids(1, 2, 3, 4, 5)],
      ['keyword:水壶', ids(1, 2, 3, 4, 5, 6)],
      ['category:product_quality', ids(1, 2, 3, 4, 5, 6, 7, 8)],
    ]);
    const spikes = [spike('keyword', '漏水', 1e-9, 5), spike('category', 'product_quality', 1e-12, 8), spike('keyword', '水壶', 1e-8, 6), spike('product', 'zephyr kettle', 1e-10, 5)];
    expect(foldSpikes(spikes, (s) => cases.get(`${s.dimension}:${s.key}`)!).map((s) => `${s.dimension}:${s.key}`)).toEqual(['keyword:水壶']);
  });

  it('keeps a product burst that shares no keyword signal', () => {
    const cases = new Map<string, Set<string>>([
      ['product:zephyr kettle', ids(1, 2, 3, 4, 5)],
      ['keyword:refund', ids(6, 7, 8, 9, 10)],
    ]);
    const spikes = [spike('product', 'zephyr kettle', 1e-6, 5), spike('keyword', 'refund', 1e-7, 5)];
    expect(foldSpikes(spikes, (s) => cases.get(`${s.dimension}:${s.key}`)!).map((s) => `${s.dimension}:${s.key}`)).toEqual(['keyword:refund', 'product:zephyr kettle']);
  });

  it('keeps bursts that share few complaints apart', () => {
    const cases = new Map<string, Set<string>>([
      ['keyword:leak', ids(1, 2, 3, 4, 5)],
      ['keyword:refund', ids(5, 6, 7, 8, 9)],
      ['category:billing', ids(6, 7, 8, 9, 10, 11, 12, 13)],
    ]);
    const spikes = [spike('keyword', 'leak', 1e-6, 5), spike('keyword', 'refund', 1e-7, 5), spike('category', 'billing', 1e-5, 8)];
    // billing shares 4 of its 8 complaints with "refund": under the 60 % that makes one burst.
    expect(foldSpikes(spikes, (s) => cases.get(`${s.dimension}:${s.key}`)!).map((s) => s.key)).toEqual(['refund', 'leak', 'billing']);
  });

  it('names a burst by the keyword most of its complaints share, then the most established one', () => {
    const cases = new Map<string, Set<string>>([
      ['kettle', ids(1, 2, 3, 4, 5, 6, 7)],
      ['leak', ids(1, 2, 3, 4, 5)],
      ['zephyr', ids(1, 2, 3, 4, 5, 6, 7)],
    ]);
    const of = (s: Spike) => cases.get(s.key)!;
    // leak is the most surprising, but fewer of the burst's complaints use it.
    expect(foldSpikes([spike('keyword', 'leak', 1e-12, 5), spike('keyword', 'kettle', 1e-6, 7)], of).map((s) => s.key)).toEqual(['kettle']);
    // As many use zephyr (a word nobody used before) as kettle (which customers did): kettle names it.
    expect(foldSpikes([spike('keyword', 'zephyr', 1e-9, 7, 0.5), spike('keyword', 'kettle', 1e-6, 7, 1.5)], of).map((s) => s.key)).toEqual(['kettle']);
  });

  it('keeps the key a burst was signalled under when a better name crosses the line a pass later', () => {
    const cases = new Map<string, Set<string>>([
      ['kettle', ids(1, 2, 3, 4, 5, 6, 7)],
      ['lid', ids(1, 2, 3, 4, 5)],
    ]);
    const of = (s: Spike) => cases.get(s.key)!;
    const spikes = [spike('keyword', 'kettle', 1e-6, 7, 1.5), spike('keyword', 'lid', 1e-5, 5)];
    expect(foldSpikes(spikes, of).map((s) => s.key)).toEqual(['kettle']);
    expect(foldSpikes(spikes, of, new Set(['keyword:lid'])).map((s) => s.key)).toEqual(['lid']);
  });
});
