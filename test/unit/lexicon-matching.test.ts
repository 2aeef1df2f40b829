// How lexicon words are found in a message: an English word only where a word starts (its end may
// run on, so stems match), Chinese anywhere; figures of speech taken out before harm is read;
// wishes turned down left out; and every question about one message answered from one reading.

import { describe, expect, it } from 'vitest';
import { createLexicon, type LexiconData } from '../../src/domain/nlu/lexicon.ts';
import { WordSpotter } from '../../src/domain/nlu/word-spotter.ts';

const none = { en: [], zh: [] };
const lexicon = createLexicon({
  categories: { product_quality: { en: ['broke', 'crack'], zh: ['坏了'] }, delivery: { en: ['never arrived'], zh: ['没收到'] } },
  topics: { delivery: { en: ['parcel', 'courier'], zh: ['快递'] } },
  safety: { en: ['sick', 'fire'], zh: ['炸了'] },
  not_harm: { en: ['sick of'], zh: ['气炸了'] },
  go_back: { en: ['go back'], zh: ['返回'] },
  wants: { refund: { en: ['refund', 'money back'], zh: ['退款'] }, repair: { en: ['repair', 'fix'], zh: ['维修'] } },
  negative: { en: ['rash', 'overcharg', 'disappoint'], zh: ['失望'] },
  anger: { en: ['ridiculous'], zh: ['气死'] },
  wronged: { en: ['scam'], zh: ['骗'] },
  sarcasm: { en: ['oh great'], zh: ['呵呵'] },
  option_kinds: { repair: { en: ['repair'], zh: ['维修', '=修'] }, refund: { en: ['refund'], zh: ['退款', '=退'] } },
} satisfies LexiconData);

describe('where an English lexicon word counts', () => {
  it.each([
    ['a rash decision', true],
    ['RASH', true],
    ['the screen has a crash', false],
    ['crash, then a rash', true],
    ['9rash', false],
    ['a-rash', true],
    ['_rash', true],
    ['érash', true],
    ['I was overcharged twice', true],
    ['太失望了', true],
    ['all fine', false],
  ])('"%s" says something went badly: %s', (text, negative) => {
    expect(lexicon.isNegative(text)).toBe(negative);
  });

  it('answers each question about the message it is asked about, whatever was asked before', () => {
    expect([lexicon.isNegative('a rash'), lexicon.isNegative('a crash'), lexicon.isNegative('a rash'), lexicon.feelsWronged('a rash')]).toEqual([true, false, true, false]);
    expect([lexicon.feelsWronged('what a scam'), lexicon.soundsSarcastic('what a scam'), lexicon.soundsSarcastic('oh great, a scam')]).toEqual([true, false, true]);
    expect([lexicon.soundsAngry('this is ridiculous'), lexicon.soundsAngry('fine'), lexicon.soundsAngry('WHERE IS IT')]).toEqual([true, false, true]);
  });
});

describe('the entities of the lexicon', () => {
  it('weighs a fault word twice a topic word, and the first category listed wins a tie', () => {
    expect(lexicon.match('the parcel never arrived and the lid broke')).toMatchObject({ category: 'delivery', fault: true });
    expect(lexicon.match('the courier lost my parcel and it broke')).toMatchObject({ category: 'product_quality', fault: true });
    expect(lexicon.match('courier, parcel, 快递: it broke')).toMatchObject({ category: 'delivery', fault: true });
    expect(lexicon.match('my parcel')).toEqual({ category: 'delivery' });
  });

  it('takes the wish said last on a tie, and leaves out a wish turned down', () => {
    expect(lexicon.match('a refund or a repair').want).toBe('repair');
    expect(lexicon.match('a repair or a refund').want).toBe('refund');
    expect(lexicon.match('not a refund, a repair please').want).toBe('repair');
    expect(lexicon.match('不要退款了，维修吧')).toMatchObject({ want: 'repair', optionKinds: ['repair'] });
  });

  it('reads harm only where no figure of speech borrows its word', () => {
    expect(lexicon.match('I am sick of waiting').safety).toBeUndefined();
    expect(lexicon.match('my son got sick').safety).toBe(true);
    expect(lexicon.match('我气炸了').safety).toBeUndefined();
    expect(lexicon.match('充电器炸了').safety).toBe(true);
  });

  it('takes a "=" option word only as the whole message', () => {
    expect(lexicon.match('修').optionKinds).toEqual(['repair']);
    expect(lexicon.match('修。').optionKinds).toEqual(['repair']);
    expect(lexicon.match('修改地址').optionKinds).toBeUndefined();
    expect(lexicon.match('退吧').optionKinds).toEqual(['refund']);
  });

  it('finds nothing in an empty message or with empty lists', () => {
    expect(lexicon.match('')).toEqual({});
    const empty = createLexicon({ categories: {}, safety: none, go_back: none, wants: {} });
    expect([empty.isNegative('terrible'), empty.soundsAngry('terrible'), empty.match('terrible')]).toEqual([false, false, {}]);
  });
});

describe('a word spotter', () => {
  const spotter = new WordSpotter();
  const fixes = spotter.add(['fix', 'repair']);
  const harms = spotter.add(['fix', '着火', 'x']);

  it('counts each list word found at a word start once, however often it is written ("x" inside "fix" is none)', () => {
    const spotted = spotter.spot('fix it, fix it, or repair it');
    expect([spotted.count(fixes), spotted.count(harms)]).toEqual([2, 1]);
  });

  it('reports words inside other words only as found anywhere, at their last position', () => {
    const spotted = spotter.spot('a prefix');
    expect([spotted.count(fixes), spotted.containsAnywhere(fixes), spotted.lastAt(fixes)]).toEqual([0, true, 5]);
    expect(spotter.spot('repair, then a prefix').lastAt(fixes)).toBe(18);
    expect(spotter.spot('nothing here').lastAt(fixes)).toBe(-1);
  });

  it('finds Chinese words and one-character words anywhere, to the last character', () => {
    const spotted = spotter.spot('插座着火x');
    expect([spotted.count(harms), spotted.lastAt(harms)]).toEqual([2, 4]);
  });
});
