// Keyword lexicons (prompts/nlu/lexicon.yaml): complaint category, safety words, "go back", and
// what the customer wants. Matching is substring-based on lowercased text, both languages at once:
// an English word must start a word ("rash" is not in "crash", "mend" not in "recommend") but may
// end inside one, so stems ("overcharg", "explod") match their forms; Chinese has no word
// boundaries, so its lists use longer forms instead.

import type { Category, Entities, OptionKindWord, Want } from '../types.ts';
import { WordSpotter, type SpottedText, type WordList } from './word-spotter.ts';

type Bilingual = { en: string[]; zh: string[] };

export interface LexiconData {
  /** Words of something gone wrong, by complaint category. */
  categories: Partial<Record<Exclude<Category, 'other'>, Bilingual>>;
  /** Words of a topic only ("invoice", "快递"): a category when no fault word says one, never a fault. */
  topics?: Partial<Record<Exclude<Category, 'other'>, Bilingual>>;
  safety: Bilingual;
  go_back: Bilingual;
  wants: Partial<Record<Want, Bilingual>>;
  negative?: Bilingual;
  /** Words of anger (insults, threats, "fed up"); with shouting, what makes a message angry rather than firm. */
  anger?: Bilingual;
  /** Words of being cheated, lied to or treated unfairly: what makes a customer victimized (受害). */
  wronged?: Bilingual;
  /** Sarcasm markers ("呵呵", "just what I needed"): praise words beside them are not praise. */
  sarcasm?: Bilingual;
  /** Topics customer care does not cover here (weather, jokes, poems, general buying advice). */
  out_of_scope?: Bilingual;
  /** Words naming one kind of solution, to match a typed choice to the options offered. */
  option_kinds?: Partial<Record<OptionKindWord, Bilingual>>;
  /** Figures of speech that contain a word of harm but are none ("气炸了", "sick of", "价格打骨折"). */
  not_harm?: Bilingual;
  /** Nouns that are never the product (when a product is read from the parts of speech). */
  not_products?: Bilingual;
  /** Product words and brands (prompts/nlu/products.yaml). */
  products?: Bilingual & { brands?: Bilingual };
  /** Order number formats (config/policy.yaml). */
  orderNumbers?: string[];
}

export interface Lexicon {
  /** Lexicon entities of one message. */
  match(text: string): Pick<Entities, 'category' | 'fault' | 'safety' | 'goBack' | 'want' | 'outOfScope' | 'optionKinds'>;
  /** True when the text says something went badly ("失望", "terrible"). */
  isNegative(text: string): boolean;
  /** True when the text has words of anger ("气死了", "ridiculous") or shouts ("NOW", "!!"). */
  soundsAngry(text: string): boolean;
  /** True when the customer says they were cheated, lied to or treated unfairly. */
  feelsWronged(text: string): boolean;
  /** True when the text is sarcastic ("呵呵，真棒", "oh great, just what I needed"). */
  soundsSarcastic(text: string): boolean;
}

/** Builds a matcher over the lexicon data. */
export function createLexicon(data: LexiconData): Lexicon {
  // Every list goes into one spotter, so a message is read once for all of them.
  const spotter = new WordSpotter();
  const list = (words: Bilingual | undefined) => spotter.add(words ? flatten(words) : []);
  const categories = Object.entries(data.categories).map(([name, words]) => [name as Category, list(words)] as const);
  const topics = Object.entries(data.topics ?? {}).map(([name, words]) => [name as Category, list(words)] as const);
  const categoryLabels = [...new Set([...categories.map(([l]) => l), ...topics.map(([l]) => l)])].map(
    (label) => [label, categories.find(([l]) => l === label)?.[1], topics.find(([l]) => l === label)?.[1]] as const,
  );
  const wants = Object.entries(data.wants).map(([name, words]) => [name as Want, list(words)] as const);
  const safety = list(data.safety);
  const goBack = list(data.go_back);
  const negative = list(data.negative);
  const anger = list(data.anger);
  const wronged = list(data.wronged);
  const sarcasm = list(data.sarcasm);
  const outOfScope = list(data.out_of_scope);
  const notHarmPhrases = data.not_harm ? flatten(data.not_harm) : [];
  const notHarm = spotter.add(notHarmPhrases);
  // A word written "=修" names the kind only as the whole message ("修" alone, not "修改").
  const optionKinds = Object.entries(data.option_kinds ?? {}).map(([kind, words]) => {
    const all = flatten(words);
    return { kind: kind as OptionKindWord, wholes: all.filter((w) => w.startsWith('=')).map((w) => w.slice(1)), words: spotter.add(all.filter((w) => !w.startsWith('='))) };
  });
  // The questions of one message come one after another with the same text: it is read once.
  let lastText: string | undefined;
  let lastSpotted: SpottedText | undefined;
  const spot = (lower: string): SpottedText => {
    if (lower !== lastText || !lastSpotted) {
      lastSpotted = spotter.spot(lower);
      lastText = lower;
    }
    return lastSpotted;
  };
  const has = (text: string, words: WordList) => spot(text.toLowerCase()).count(words) > 0;
  return {
    isNegative: (text) => has(text, negative),
    soundsAngry: (text) => shouts(text) || has(text, anger),
    feelsWronged: (text) => has(text, wronged),
    soundsSarcastic: (text) => has(text, sarcasm),
    match(text) {
      const lower = text.toLowerCase();
      const spotted = spot(lower);
      const result: ReturnType<Lexicon['match']> = {};
      // Fault words weigh twice a topic word: "the parcel never showed up" is about delivery, not a technician.
      const category = bestCategory(categoryLabels, spotted);
      const fault = categories.some(([, words]) => spotted.count(words) > 0);
      // A wish turned down ("scrap the replacement", "不要换货了") does not count; of the rest, the one said last wins ties.
      const offered = lower.replace(TURNED_DOWN, ' ');
      const offeredSpotted = offered === lower ? spotted : spotter.spot(offered);
      const want = best(wants, offeredSpotted);
      if (category) result.category = category;
      if (fault) result.fault = true;
      if (want) result.want = want;
      // Figures of speech that borrow a word of harm ("气炸了", "sick of waiting") are taken out first.
      const literal = spotted.containsAnywhere(notHarm) ? notHarmPhrases.reduce((t, phrase) => t.split(phrase).join(' '), lower) : lower;
      if ((literal === lower ? spotted : spotter.spot(literal)).count(safety) > 0) result.safety = true;
      if (spotted.count(goBack) > 0) result.goBack = true;
      if (spotted.count(outOfScope) > 0) result.outOfScope = true;
      const whole = lower.trim().replace(/[\s。.!！吧呗呀啊]+$/u, '');
      const kinds = optionKinds.filter(({ wholes, words }) => wholes.includes(whole) || offeredSpotted.count(words) > 0).map(({ kind }) => kind);
      if (kinds.length) result.optionKinds = kinds;
      return result;
    },
  };
}

/** Two or more exclamation marks, "?!", or a word in capitals ("NOW") that is not a common acronym ("USB", "HDMI"). */
const SHOUTED_MARKS = /[!！]{2,}|[?？][!！]|[!！][?？]/;
const CAPITAL_WORD = /\b[A-Z]{3,}\b/g;
const ACRONYMS = new Set([
  'USB',
  'HDMI',
  'LED',
  'LCD',
  'OLED',
  'QLED',
  'SSD',
  'HDD',
  'CPU',
  'GPU',
  'RAM',
  'APP',
  'SIM',
  'VIP',
  'SMS',
  'PDF',
  'DHL',
  'UPS',
  'EMS',
  'FEDEX',
  'USPS',
  'USD',
  'CNY',
  'RMB',
  'EUR',
  'GBP',
  'FAQ',
  'ETA',
  'WIFI',
  'NFC',
  'GPS',
  'ID',
  'PIN',
  'OTP',
  'URL',
  'JD',
  'TB',
  'CN',
  'US',
  'UK',
  'AC',
  'DC',
  'PM',
  'AM',
  'BTW',
  'FYI',
  'LOL',
  'OMG',
  'UTC',
  'GMT',
  'CST',
  'API',
  'IOS',
  'MAC',
  'AAA',
]);

function shouts(text: string): boolean {
  if (SHOUTED_MARKS.test(text)) return true;
  return (text.match(CAPITAL_WORD) ?? []).some((word) => !ACRONYMS.has(word));
}

/** A wish named only to be turned down: "instead of a replacement", "scrap the refund", "不要换货". */
const TURNED_DOWN =
  /\b(?:instead of|rather than|not|no|scrap|forget|cancel|skip|don'?t want|do not want|never mind)\s+(?:a |an |the |my )?(?:\w+\s){0,1}?(?:refund|replacement|replace|repair|voucher|coupon|exchange|new one|money back|reship|investigation)\b(?!\s+(?:yet|so far|received|arrived|has|have|came|back yet))|(?:不要|不用|不想要?|别|算了)(?:再)?(?:退款|退货|换货|换新|维修|修|补偿|赔偿|券|代金券|补发|重新发货|调查)(?:了)?/gi;

function flatten(words: Bilingual): string[] {
  return [...new Set([...words.en, ...words.zh].map((w) => w.toLowerCase()).filter((w) => w.length > 0))];
}

/** The category with the highest score, a fault word counting twice a topic word; the first listed wins ties. */
function bestCategory<L extends string>(labels: readonly (readonly [L, WordList | undefined, WordList | undefined])[], spotted: SpottedText): L | undefined {
  const hits = (words: WordList | undefined) => (words === undefined ? 0 : spotted.count(words));
  let winner: L | undefined;
  let winnerScore = 0;
  for (const [label, faults, topics] of labels) {
    const score = 2 * hits(faults) + hits(topics);
    if (score > winnerScore) {
      winner = label;
      winnerScore = score;
    }
  }
  return winner;
}

/** The label with the most keyword hits; a tie goes to the label said last ("a refund… no, a repair"). */
function best<L extends string>(table: readonly (readonly [L, WordList])[], spotted: SpottedText): L | undefined {
  let winner: L | undefined;
  let winnerHits = 0;
  let winnerAt = -1;
  for (const [label, words] of table) {
    const hits = spotted.count(words);
    if (hits === 0) continue;
    const at = spotted.lastAt(words);
    if (hits > winnerHits || (hits === winnerHits && at > winnerAt)) {
      winner = label;
      winnerHits = hits;
      winnerAt = at;
    }
  }
  return winner;
}
