// Keyword lexicons (prompts/nlu/lexicon.yaml): complaint category, safety words, "go back", and
// what the customer wants. Matching is substring-based on lowercased text, both languages at once.

import type { Category, Entities, OptionKindWord, Want } from '../types.ts';

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
  const categories = Object.entries(data.categories).map(([name, words]) => [name as Category, flatten(words)] as const);
  const topics = Object.entries(data.topics ?? {}).map(([name, words]) => [name as Category, flatten(words)] as const);
  const wants = Object.entries(data.wants).map(([name, words]) => [name as Want, flatten(words)] as const);
  const safety = flatten(data.safety);
  const goBack = flatten(data.go_back);
  const negative = data.negative ? flatten(data.negative) : [];
  const anger = data.anger ? flatten(data.anger) : [];
  const wronged = data.wronged ? flatten(data.wronged) : [];
  const sarcasm = data.sarcasm ? flatten(data.sarcasm) : [];
  const outOfScope = data.out_of_scope ? flatten(data.out_of_scope) : [];
  const notHarm = data.not_harm ? flatten(data.not_harm) : [];
  const optionKinds = Object.entries(data.option_kinds ?? {}).map(([kind, words]) => [kind as OptionKindWord, flatten(words)] as const);
  return {
    isNegative(text) {
      const lower = text.toLowerCase();
      return negative.some((w) => has(lower, w));
    },
    soundsAngry(text) {
      const lower = text.toLowerCase();
      return shouts(text) || anger.some((w) => has(lower, w));
    },
    feelsWronged(text) {
      const lower = text.toLowerCase();
      return wronged.some((w) => has(lower, w));
    },
    soundsSarcastic(text) {
      const lower = text.toLowerCase();
      return sarcasm.some((w) => has(lower, w));
    },
    match(text) {
      const lower = text.toLowerCase();
      const result: ReturnType<Lexicon['match']> = {};
      // Fault words weigh twice a topic word: "the parcel never showed up" is about delivery, not a technician.
      const category = bestOfBoth(categories, topics, lower);
      const fault = categories.some(([, words]) => words.some((w) => has(lower, w)));
      // A wish turned down ("scrap the replacement", "不要换货了") does not count; of the rest, the one said last wins ties.
      const want = best(wants, lower.replace(TURNED_DOWN, ' '));
      if (category) result.category = category;
      if (fault) result.fault = true;
      if (want) result.want = want;
      // Figures of speech that borrow a word of harm ("气炸了", "sick of waiting") are taken out first.
      const literal = notHarm.reduce((t, phrase) => t.split(phrase).join(' '), lower);
      if (safety.some((w) => has(literal, w))) result.safety = true;
      if (goBack.some((w) => has(lower, w))) result.goBack = true;
      if (outOfScope.some((w) => has(lower, w))) result.outOfScope = true;
      const whole = lower.trim().replace(/[\s。.!！吧呗呀啊]+$/u, '');
      // A word written "=修" names the kind only as the whole message ("修" alone, not "修改").
      const offered = lower.replace(TURNED_DOWN, ' ');
      const kinds = optionKinds.filter(([, words]) => words.some((w) => (w.startsWith('=') ? whole === w.slice(1) : has(offered, w)))).map(([kind]) => kind);
      if (kinds.length) result.optionKinds = kinds;
      return result;
    },
  };
}

/** Two or more exclamation marks, "?!", or a word in capitals ("NOW") that is not a common acronym ("USB", "HDMI"). */
const SHOUTED_MARKS = /[!！]{2,}|[?？][!！]|[!！][?？]/;
const CAPITAL_WORD = /\b[A-Z]{3,}\b/g;
const ACRONYMS = new Set(['USB', 'HDMI', 'LED', 'LCD', 'OLED', 'QLED', 'SSD', 'HDD', 'CPU', 'GPU', 'RAM', 'APP', 'SIM', 'VIP', 'SMS', 'PDF', 'DHL', 'UPS', 'EMS', 'FEDEX', 'USPS', 'USD', 'CNY', 'RMB', 'EUR', 'GBP', 'FAQ', 'ETA', 'WIFI', 'NFC', 'GPS', 'ID', 'PIN', 'OTP', 'URL', 'JD', 'TB', 'CN', 'US', 'UK', 'AC', 'DC', 'PM', 'AM', 'BTW', 'FYI', 'LOL', 'OMG', 'UTC', 'GMT', 'CST', 'API', 'IOS', 'MAC', 'AAA']);

function shouts(text: string): boolean {
  if (SHOUTED_MARKS.test(text)) return true;
  return (text.match(CAPITAL_WORD) ?? []).some((word) => !ACRONYMS.has(word));
}

/** A wish named only to be turned down: "instead of a replacement", "scrap the refund", "不要换货". */
const TURNED_DOWN = /\b(?:instead of|rather than|not|no|scrap|forget|cancel|skip|don'?t want|do not want|never mind)\s+(?:a |an |the |my )?(?:\w+\s){0,1}?(?:refund|replacement|replace|repair|voucher|coupon|exchange|new one|money back|reship|investigation)\b(?!\s+(?:yet|so far|received|arrived|has|have|came|back yet))|(?:不要|不用|不想要?|别|算了)(?:再)?(?:退款|退货|换货|换新|维修|修|补偿|赔偿|券|代金券|补发|重新发货|调查)(?:了)?/gi;

function flatten(words: Bilingual): string[] {
  return [...new Set([...words.en, ...words.zh].map((w) => w.toLowerCase()).filter((w) => w.length > 0))];
}

/**
 * Whether the lowercased text contains the lexicon word. An English word must start a word ("rash"
 * is not in "crash", "mend" not in "recommend"); it may end inside one, so stems ("overcharg",
 * "explod") match their forms. Chinese has no word boundaries: the lists use longer forms instead.
 */
function has(text: string, word: string): boolean {
  if (!/^[a-z0-9]/.test(word)) return text.includes(word);
  let at = text.indexOf(word);
  while (at >= 0) {
    if (at === 0 || !/[a-z0-9]/.test(text[at - 1]!)) return true;
    at = text.indexOf(word, at + 1);
  }
  return false;
}

function bestOfBoth<L extends string>(faults: readonly (readonly [L, string[]])[], topics: readonly (readonly [L, string[]])[], text: string): L | undefined {
  const hits = (words: string[] | undefined) => (words ?? []).reduce((n, w) => (has(text, w) ? n + 1 : n), 0);
  let winner: L | undefined;
  let winnerScore = 0;
  const labels = [...new Set([...faults.map(([l]) => l), ...topics.map(([l]) => l)])];
  for (const label of labels) {
    const score = 2 * hits(faults.find(([l]) => l === label)?.[1]) + hits(topics.find(([l]) => l === label)?.[1]);
    if (score > winnerScore) {
      winner = label;
      winnerScore = score;
    }
  }
  return winner;
}

/** The label with the most keyword hits; a tie goes to the label said last ("a refund… no, a repair"). */
function best<L extends string>(table: readonly (readonly [L, string[]])[], text: string): L | undefined {
  let winner: L | undefined;
  let winnerHits = 0;
  let winnerAt = -1;
  for (const [label, words] of table) {
    const hits = words.reduce((n, w) => (has(text, w) ? n + 1 : n), 0);
    const at = Math.max(-1, ...words.map((w) => text.lastIndexOf(w)));
    if (hits > 0 && (hits > winnerHits || (hits === winnerHits && at > winnerAt))) {
      winner = label;
      winnerHits = hits;
      winnerAt = at;
    }
  }
  return winner;
}
