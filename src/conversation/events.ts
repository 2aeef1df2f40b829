// Live events of a conversation (new messages, typing, status) and the port that fans them out to
// every app instance (src/redis/redis-conversation-events.ts: Redis pub/sub), so an SSE client
// connected to any instance sees everything.

import type { ConversationStatus } from '../domain/types.ts';
import type { StoredMessage } from './ports.ts';

export type ConversationEvent =
  | { type: 'message'; message: StoredMessage }
  /** A customer's typing is for staff only: the customer's own stream does not echo it back. */
  | { type: 'typing'; on: boolean; author: 'bot' | 'staff' | 'customer' }
  /** LLM mode: the bot's next reply as written so far; the message event that follows replaces it. */
  | { type: 'draft'; text: string; author: 'bot' }
  | {
      type: 'status';
      status: ConversationStatus;
      step?: number;
      /** The status before this change; absent when the publisher did not know it. Equal to `status` when only the queue details changed. */
      previousStatus?: ConversationStatus;
      /** The queue's order: set when the turn queued the conversation or changed its urgency. */
      priority?: number;
      queueReason?: string;
    }
  /** The channel gave up on these messages (staff only: the customer never saw them). */
  | { type: 'undelivered'; messageIds: number[]; reason: string };

export type Listener = (event: ConversationEvent) => void;
export type AllListener = (conversationId: string, event: ConversationEvent) => void;

export interface ConversationEvents {
  /** Publishes the events in order. */
  publish(conversationId: string, ...events: ConversationEvent[]): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(conversationId: string, listener: Listener): () => void;
  /** Every conversation's events (the staff console's stream). Returns the function that unsubscribes. */
  subscribeAll(listener: AllListener): () => void;
  close(): Promise<void>;
}
