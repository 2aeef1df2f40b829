// What came before the conversation on screen, for the staff member reading it: the customer's
// other conversations, their orders on file, and order numbers their cases mention that are not
// on file. Read in a bounded number of queries whatever the customer's history.

import type { MentionedOrder } from '../../domain/mentioned-orders.ts';
import type { ConversationStatus } from '../../domain/types.ts';

/** How many of each the conversation view lists. */
export const PREVIOUS_CONVERSATIONS_LIMIT = 20;
export const ORDERS_LIMIT = 50;
/** The preview of a conversation's last message is cut to this many characters. */
export const LAST_MESSAGE_PREVIEW_CHARS = 200;

export interface PreviousConversation {
  id: string;
  channel: string;
  status: ConversationStatus;
  createdAt: Date;
  closedAt: Date | null;
  lastMessage: { text: string; author: 'customer' | 'bot' | 'staff' | 'system'; at: Date } | null;
}

export interface OrderOnCard {
  number: string;
  status: string;
  amountCents: number;
  currency: string;
  placedAt: Date;
  items: string;
  /** Where the order came from: import, staff or webhook (the shop's system). */
  source: string;
}

export interface CustomerBackground {
  /** The same customer's other conversations, newest first. */
  previousConversations: PreviousConversation[];
  /** The customer's orders on file, newest first. */
  orders: OrderOnCard[];
  /** Numbers the customer's cases mention that are not among their orders on file, each with the newest case that mentions it. */
  mentionedOrderNumbers: MentionedOrder[];
}

export interface CustomerBackgroundStore {
  /** The background of the conversation's customer; null when there is no such conversation. */
  ofConversation(conversationId: string): Promise<CustomerBackground | null>;
}
