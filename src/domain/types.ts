// The vocabulary shared by every layer: languages, intents, emotions and complaint categories
// exactly as named in the public HTTP contract.

export const LANGUAGES = ['zh', 'en'] as const;

/** The channels conversations are stored with (Conversation.channel). */
export const CHANNEL_NAMES = ['webchat', 'telegram', 'botframework', 'agents', 'terminal'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];
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

/** ABC tiers by purchase value (seed 004). */
export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];

export const CONVERSATION_STATUSES = ['bot', 'queued', 'human', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const MESSAGE_AUTHORS = ['customer', 'bot', 'staff', 'system'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** Case.status: the five steps' outcomes. */
export const CASE_STATUSES = ['open', 'agreed', 'fulfilled', 'closed', 'escalated', 'reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const FOLLOW_UP_KINDS = ['callback', 'revisit', 'greeting', 'outreach', 'rating'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export const FOLLOW_UP_STATUSES = ['waiting', 'scheduled', 'queued', 'sending', 'sent', 'cancelled', 'failed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/**
 * A reader for a stored column holding one of `values`: a Set lookup (cheap enough for every
 * message), and an error naming the column and the value for anything else: a row the code
 * does not know is a fault to see, not a value to pass on.
 */
export function columnParser<T extends string>(values: readonly T[], column: string): (value: string) => T {
  const known: ReadonlySet<string> = new Set(values);
  return (value) => {
    if (known.has(value)) return value as T;
    throw new Error(`${column} holds ${JSON.stringify(value)}, not one of ${values.join(', ')}`);
  };
}

const TIER_SET: ReadonlySet<string> = new Set(TIERS);
export const isTier = (value: string): value is Tier => TIER_SET.has(value);

export const parseTier = columnParser(TIERS, 'Customer.tier');
export const parseConversationStatus = columnParser(CONVERSATION_STATUSES, 'Conversation.status');
export const parseMessageAuthor = columnParser(MESSAGE_AUTHORS, 'Message.author');
export const parseFollowUpKind = columnParser(FOLLOW_UP_KINDS, 'FollowUp.kind');
export const parseFollowUpStatus = columnParser(FOLLOW_UP_STATUSES, 'FollowUp.status');

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
