// A customer's message as every channel hands it to the engine, and what the engine gives back.

import type { EscalationReason } from '../domain/flow/effects.ts';
import type { ConversationStatus, Intent, Language } from '../domain/types.ts';
import type { IdentityRecord, StoredMessage } from './ports.ts';

export interface Inbound {
  /** webchat | telegram | botframework | agents | terminal */
  channel: string;
  /** The customer's id on that channel (web chat session id, Telegram user id …). */
  externalUserId: string;
  /** Who this is, when the channel has already looked it up (a web chat session token): spares the engine the lookup. */
  knownIdentity?: IdentityRecord;
  /** Unique across channels (the adapter prefixes it); a redelivered message with the same id is processed once. */
  channelMessageId?: string;
  text: string;
  displayName?: string;
  /** The locale the channel reports, used until the customer writes in a language of their own. */
  locale?: Language;
  /** Evidence ids (e.g. Telegram photo file ids). */
  attachments?: string[];
  /**
   * What the customer asked for in so many words, through a command or menu (/stop, /human):
   * taken as is instead of the NLU's reading.
   */
  intent?: Intent;
  /** LLM mode: called with the growing first reply while the model writes it (Telegram edits a message in place). */
  onDraft?: (text: string) => void;
  /**
   * The channel sends the replies itself and reports it (DeliveryLedger): until it does, the
   * delivery sweeper may send them again. Off for channels whose record is the delivery (web chat).
   */
  confirmsDelivery?: boolean;
}

export interface TurnResult {
  conversationId: string;
  customerId: string;
  replies: StoredMessage[];
  status: ConversationStatus;
  /** The complaint step in progress, if any. */
  step?: number;
  /** True when this message had been processed before and the earlier replies are returned. */
  duplicate: boolean;
  /** Set when this turn handed the conversation to people (channels may notify their host). */
  escalation?: { reason: EscalationReason; priority: number; summary: string };
}
