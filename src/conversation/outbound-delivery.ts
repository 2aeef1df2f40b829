// The port for messages that are not a bot reply to a turn — a person writing from the console,
// or a notice such as "a person joined" — delivered to the customer on their own channel.

import type { ConversationRecord, StoredMessage } from './ports.ts';

export interface OutboundText {
  author: 'staff' | 'system';
  text: string;
  choices?: string[];
  /** The staff member who wrote it (author `staff`). */
  staffId?: string;
}

export interface Delivered {
  /** The Message row, stored whatever became of the delivery, so history and transcripts show it. */
  message: StoredMessage;
  /** False when the customer's channel could not be reached (not configured, blocked, gone). */
  delivered: boolean;
}

export interface OutboundDelivery {
  deliver(conversation: ConversationRecord, message: OutboundText): Promise<Delivered>;
}
