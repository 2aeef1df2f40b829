// What the console needs to find customers and keep their contact log, implemented in src/store:
// the search behind the customer list, and the contacts staff record by hand (a call, a visit).
// Also the four parts of the profile card (seed 000) the card route sends.

import type { ConfirmableField, ConfirmedBy, LifecycleStage, LoyaltyType } from '../../domain/customer/card-vocabulary.ts';
import type { Tier } from '../../domain/types.ts';

/** The customer list's filters; they combine with AND. */
export interface CustomerFilter {
  /** Name (part of it), phone (any spelling, or 4+ of its digits), email (part), order number or external id. */
  q?: string;
  tier?: Tier;
  lifecycle?: LifecycleStage;
  loyalty?: LoyaltyType;
  tag?: string;
  /** Erased cards (anonymised on request) are left out unless asked for. */
  includeErased?: boolean;
}

export interface CustomerListItem {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: Tier;
  lifecycleStage: string;
  loyalty: string;
  isKey: boolean;
  tags: string[];
  country: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
  erased: boolean;
}

export interface CustomerPage {
  customers: CustomerListItem[];
  total: number;
}

export interface CustomerSearchStore {
  /**
   * One page of the customers matching the filter, in a stable order (name, then id), and how many
   * match in all. Phone searches are normalised with `phoneRegion` (numbers without a country code).
   */
  search(filter: CustomerFilter, page: { page: number; pageSize: number }): Promise<CustomerPage>;
}

export const MANUAL_CONTACT_KINDS = ['call', 'visit', 'other'] as const;
export type ManualContactKind = (typeof MANUAL_CONTACT_KINDS)[number];

/** A contact made outside the chat (seed 000: 拜访记录), as staff record it. */
export interface NewManualContact {
  kind: ManualContactKind;
  channel: string;
  summary: string;
  outcome: string | null;
  impressions: string | null;
  at: Date;
}

/** One row of the contact log: by the bot in a chat, by staff in a chat, or recorded by hand. */
export interface ContactLogEntry {
  id: string;
  kind: string;
  channel: string;
  summary: string;
  outcome: string | null;
  impressions: string | null;
  conversationId: string | null;
  staff: { id: string; name: string } | null;
  createdAt: Date;
}

export interface CustomerContactStore {
  /** The whole log, newest first, one page; null when there is no such customer. */
  list(customerId: string, page: { page: number; pageSize: number }): Promise<{ contacts: ContactLogEntry[]; total: number } | null>;
  /**
   * Records the contact and audits it in one transaction; moves the card's last contact time
   * forward. Refused for an unknown or erased customer.
   */
  record(customerId: string, contact: NewManualContact, staffId: string, now: Date): Promise<{ recorded: ContactLogEntry } | { refused: 'not_found' | 'erased' }>;
}

/** What the customer routes use beside the console store, assembled by the composition root. */
export interface CustomerServices {
  search: CustomerSearchStore;
  contacts: CustomerContactStore;
  /** Numbers written without a country code (searches, console edits) are read as this region's (DEFAULT_PHONE_REGION). */
  phoneRegion: string;
}

// ------------------------------------------------------------------ the four parts of the card

export interface CardBasic {
  name: string | null;
  /** The card's phone first, then the further numbers (E.164). */
  phones: string[];
  emails: string[];
  address: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  organization: string | null;
  contactPerson: string | null;
}

export interface CardCharacteristics {
  locale: string;
  timezone: string;
  country: string | null;
  channels: string[];
  preferences: Record<string, unknown>;
  tags: string[];
}

/** Why a segment is what it is: the rule that fired, and the sentence in both languages. */
export interface CardSegmentReason {
  rule: string;
  zh: string;
  en: string;
}

export interface CardBusiness {
  tier: Tier;
  tierReason: CardSegmentReason | null;
  tierPinned: boolean;
  lifecycleStage: string;
  lifecycleReason: CardSegmentReason | null;
  loyalty: string;
  loyaltyReason: CardSegmentReason | null;
  isKey: boolean;
  keyAccountManager: { id: string; name: string } | null;
  creditNote: string | null;
  /** Tier A without a key account manager (seed 004: an A customer has one). */
  needsKeyAccountManager: boolean;
}

export interface CardTransactions {
  /** Orders that were not cancelled or refunded. */
  orders: number;
  /** In minor units, summed over those orders (the shop's one currency). */
  totalCents: number;
  last12MonthsCents: number;
  lastOrder: { number: string; placedAt: Date; amountCents: number; currency: string; status: string } | null;
  /** Complaint cases ever opened. */
  complaints: number;
  /** Mean survey score (1–5), null without surveys. */
  satisfactionAverage: number | null;
  surveys: number;
}

export interface CustomerCardParts {
  externalId: string | null;
  basic: CardBasic;
  characteristics: CardCharacteristics;
  business: CardBusiness;
  transactions: CardTransactions;
  /** Field → when it was last confirmed and by whom (customer | staff:<id> | import | inferred). */
  fieldConfirmations: Partial<Record<ConfirmableField, { at: Date; by: ConfirmedBy }>>;
  /** Fields with a value not confirmed for CARD_FIELD_STALE_DAYS (or never): for review. */
  staleFields: ConfirmableField[];
  erased: boolean;
}

/** The card fields staff edit beside the original ones. */
export interface CardPatch {
  address?: string | null;
  organization?: string | null;
  contactPerson?: string | null;
  creditNote?: string | null;
  country?: string | null;
  tags?: string[];
  preferences?: Record<string, string>;
  /** The further phone numbers (E.164) and emails (lower case): the whole list, replacing the old one. */
  phones?: string[];
  emails?: string[];
  /** Fields staff checked and found still right: confirmed without a change. */
  confirmFields?: ConfirmableField[];
}
