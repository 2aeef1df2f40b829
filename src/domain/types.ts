// The vocabulary shared by every layer: languages, intents, emotions and complaint categories
// exactly as named in the public HTTP contract.

export const LANGUAGES = ['zh', 'en'] as const;

/** The channels conversations are stored with (Conversation.channel). */
export const CHANNEL_NAMES = ['webchat', 'telegram', 'botframework', 'agents', 'terminal'] as const;
export type Language = (typeof LANGUAGES)[number];

export const INTENTS = ['greet', 'thanks', 'goodbye', 'inquiry', 'complaint', 'request_human', 'request_callback', 'affirm', 'deny', 'opt_out', 'praise', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export const EMOTIONS = ['calm', 'annoyed', 'angry', 'victimized'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export const CATEGORIES = ['product_quality', 'delivery', 'billing', 'service_attitude', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const WANTS = ['refund', 'replacement', 'repair', 'apology', 'compensation'] as const;
export type Want = (typeof WANTS)[number];

/** The kinds of solution a customer can name when choosing ("voucher", "维修"). */
export const OPTION_KIND_WORDS = ['refund', 'replacement', 'repair', 'reship', 'voucher', 'investigation'] as const;
export type OptionKindWord = (typeof OPTION_KIND_WORDS)[number];

export type Tier = 'A' | 'B' | 'C';

export type ConversationStatus = 'bot' | 'queued' | 'human' | 'closed';

export interface Entities {
  category?: Category;
  /** The category comes from words of something gone wrong, not only from its topic ("invoice", "快递"). */
  fault?: boolean;
  orderNumbers?: string[];
  /** Numbers that may be an order number (short or date-like ones too): taken when the order number was asked. */
  orderCandidates?: string[];
  /** The product named, with its brand or model when written next to it. */
  product?: string;
  /** The product is only a brand ("my Dyson"): a product word said later replaces it. */
  brandOnly?: boolean;
  phones?: string[];
  emails?: string[];
  dates?: string[];
  amounts?: { value: number; currency?: string }[];
  want?: Want;
  /** The customer's name, when they say it ("my name is …", "我叫…"). */
  name?: string;
  /** A word that signals danger to health or property. */
  safety?: boolean;
  /** "go back", "上一步" … */
  goBack?: boolean;
  /** A topic customer care here does not cover (weather, jokes, buying advice). */
  outOfScope?: boolean;
  /** Sarcasm ("呵呵", "oh great, just what I needed"): praise words in the message are not praise. */
  sarcasm?: boolean;
  /** Kinds of solution the message names ("the voucher I guess" → voucher). */
  optionKinds?: OptionKindWord[];
  /** A choice number the customer typed: "2", "第二个". */
  choiceIndex?: number;
}

export interface NluResult {
  language: Language;
  intent: Intent;
  confidence: number;
  emotion: Emotion;
  entities: Entities;
}
