// What the engine needs from the outside world. src/store implements the storage ports;
// tests and the composition root pass real implementations in.

import type { ContactNote, Effect } from '../domain/flow/effects.ts';
import type { OrderOnFile } from '../domain/flow/state.ts';
import type { ConversationStatus, Language, NluResult, Tier } from '../domain/types.ts';

export interface CustomerRecord {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: Tier;
  timezone: string;
  locale: string;
}

export interface ConversationRecord {
  id: string;
  customerId: string;
  identityId: string;
  channel: string;
  status: ConversationStatus;
  flowState: string;
  version: number;
  locale: string;
}

export interface StoredMessage {
  id: number;
  conversationId: string;
  author: 'customer' | 'bot' | 'staff' | 'system';
  text: string;
  choices?: string[];
  /** The channel's own id for the message, as its adapter prefixed it; absent for what the bot and staff write. */
  channelMessageId?: string;
  createdAt: Date;
  /** The channel gave up on it: when, and why. */
  undelivered?: { at: Date; reason: string };
}

export interface IdentityRecord {
  identityId: string;
  customerId: string;
}

export interface NewIdentity {
  channel: string;
  externalId: string;
  name?: string;
  locale?: Language;
  secretHash?: string;
}

export interface TurnWrite {
  conversation: ConversationRecord;
  customerId: string;
  now: Date;
  inbound: { text: string; channelMessageId?: string; clientMessageId?: string; nlu?: NluResult };
  replies: { text: string; choices?: string[] }[];
  flowState: string;
  locale: Language;
  effects: Effect[];
  contact: ContactNote & { id: string };
  /** The turn told the customer an open crisis incident's holding statement (recorded once per conversation). */
  crisisNotice?: { incidentId: string; caseId: string | null; language: Language };
  /** The channel confirms the replies' delivery itself: until then the delivery sweeper may send them from this time. */
  deliveryDueAt?: Date;
}

export interface TurnWritten {
  inbound: StoredMessage;
  replies: StoredMessage[];
  contactId: string;
  status: ConversationStatus;
  /** The queue's order after a turn that escalated (a conversation already queued keeps the higher priority). */
  queue?: { priority: number; reason: string };
}

export interface IdentityStore {
  /** The channel address behind an identity id (e.g. the Telegram user id), or null. */
  getIdentity(identityId: string): Promise<{ channel: string; externalId: string; customerId: string } | null>;
  findIdentity(channel: string, externalId: string): Promise<IdentityRecord | null>;
  findIdentityBySecret(secretHash: string): Promise<(IdentityRecord & { channel: string; externalId: string }) | null>;
  createIdentity(identity: NewIdentity): Promise<IdentityRecord>;
  /** Keeps what a channel needs to message this identity later (e.g. a Bot Framework conversation reference). */
  saveReference(identityId: string, reference: string): Promise<void>;
  getReference(identityId: string): Promise<string | null>;
  /** A channel that cannot deliver (blocked bot, deleted chat) marks the identity; delivery stops trying. */
  setReachable(identityId: string, reachable: boolean): Promise<void>;
  /** The language the customer chose explicitly (e.g. /lang zh). */
  setCustomerLocale(customerId: string, locale: Language): Promise<void>;
  /**
   * Records a phone number the channel proved belongs to this identity's person, and joins the
   * identity to the card that already has this phone verified, so one person has one profile card
   * across channels. A card whose number was only typed is never joined. Returns the customer id
   * the identity now belongs to.
   */
  linkByVerifiedPhone(identityId: string, phone: string): Promise<string>;
}

export interface LoadedConversation {
  conversation: ConversationRecord;
  customer: CustomerRecord;
}

export interface OpenedConversation extends LoadedConversation {
  /** Set when asked about a channel message id: a message with it was processed already. */
  alreadyProcessed?: boolean;
}

export interface ConversationStore {
  /**
   * The identity's open conversation, or a new one (in `locale`, else the customer's), with its
   * customer. With `messageId`, also whether a message with that channel message id was processed
   * already (then, when none is open, the conversation it went to rather than a new one).
   */
  openConversation(identityId: string, customerId: string, channel: string, locale?: Language, messageId?: string): Promise<OpenedConversation>;
  loadConversation(conversationId: string): Promise<LoadedConversation | null>;
  /** Replies already given to a message with this channel message id, or null if it is new. */
  findProcessed(channelMessageId: string): Promise<{ inbound: StoredMessage; replies: StoredMessage[] } | null>;
  history(conversationId: string, afterId?: number): Promise<StoredMessage[]>;
  /** The conversation's last `limit` messages, oldest first. */
  recentMessages(conversationId: string, limit: number): Promise<StoredMessage[]>;
  /** Everything a customer said and was told, on every channel and in every conversation, oldest first. */
  customerHistory(customerId: string, limit?: number): Promise<(StoredMessage & { channel: string })[]>;
  commitTurn(write: TurnWrite): Promise<TurnWritten>;
  /** Stores a message a person (or the system) sent into the conversation, outside a bot turn. */
  appendMessage(conversationId: string, message: { author: 'staff' | 'system'; staffId?: string; text: string; choices?: string[]; now: Date; deliveryDueAt?: Date }): Promise<StoredMessage>;
  /** A waiting conversation's place in the queue (1 = next) and since when it waits; null when it is not queued. */
  queuePlace(conversationId: string): Promise<QueuePlace | null>;
  /** Commitments not yet settled on the cases of this conversation, newest first. */
  openCommitments(conversationId: string): Promise<CommitmentView[]>;
}

/** The customer's own orders, for an order number quoted in the conversation. */
export interface CustomerOrderLookup {
  /** This customer's order with the number (in any letter case), or null: unknown and another customer's are not told apart. */
  findCustomerOrder(customerId: string, number: string): Promise<OrderOnFile | null>;
}

export interface QueuePlace {
  position: number;
  waitingSince: Date;
  /** The customer was told, in this wait, that the promised wait had passed (the SLA pass's delay notice). */
  delayNoticed?: boolean;
}

export interface CommitmentView {
  kind: string;
  description: string;
  amountCents: number | null;
  currency: string | null;
  dueAt: Date;
}

/** Thrown by commitTurn when another writer changed the conversation first. */
export class StaleConversationError extends Error {
  override readonly name = 'StaleConversationError';
}

/** Thrown by commitTurn when the inbound message was already stored (a redelivery). */
export class DuplicateMessageError extends Error {
  override readonly name = 'DuplicateMessageError';
}
