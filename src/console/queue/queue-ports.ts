// What the console's queue needs from the store: the conversation list with its search and filters,
// each row's preview, unread count and labels; the labels staff put on conversations; and how far
// each staff member has read each conversation (their read marker).

import type { ConversationStatus, Language, Tier } from '../../domain/types.ts';
import type { QueueItem } from '../ports.ts';

/** How much of the latest message a queue row shows (characters). */
export const PREVIEW_CHARS = 200;

/** The list's search and filters; absent ones do not filter. */
export interface QueueFilter {
  status: ConversationStatus;
  /** Customer name, phone (any spelling), order number (an order or a case's facts), or message text. */
  q?: string;
  channel?: string;
  language?: Language;
  tier?: Tier;
  /** The queue reason (queueReason). */
  reason?: string;
  /** A staff id, or none (unassigned); the route turns "me" into the caller's id. */
  assignee?: { staffId: string } | 'none';
  label?: string;
}

export interface LastMessage {
  /** The first PREVIEW_CHARS characters. */
  text: string;
  author: 'customer' | 'bot' | 'staff' | 'system';
  at: Date;
}

export interface QueueRow extends QueueItem {
  lastMessage: LastMessage | null;
  /** The customer's messages after the reader's read marker (all of them when never read). */
  unread: number;
  /** When the customer last wrote in this conversation. */
  lastCustomerMessageAt: Date | null;
  labels: string[];
}

export interface QueueListing {
  /** The list for `readerId` (whose read marker counts for `unread`), in the queue's order, at most `limit` rows. */
  list(filter: QueueFilter, readerId: string, now: Date, limit: number): Promise<QueueRow[]>;
}

/** The new set; `status` is the conversation's (unchanged), for the live event. */
export type LabelChange = { labels: string[]; changed: boolean; status: ConversationStatus } | { refused: 'not_found' };

export interface LabelStore {
  /** Makes the conversation's labels exactly `labels` (normalised already) and audits from → to when they changed. */
  replaceLabels(conversationId: string, labels: readonly string[], staffId: string, now: Date): Promise<LabelChange>;
  /** The conversation's labels, in order (none for an unknown conversation). */
  labelsOf(conversationId: string): Promise<string[]>;
  /** Every label in use, with how many conversations carry it, most used first. */
  labelsInUse(limit: number): Promise<{ label: string; count: number }[]>;
}

export type ReadResult = { read: true; opened: boolean } | { refused: 'not_found' };

export interface ReadMarkers {
  /**
   * Marks the conversation read by the staff member up to `now`. When they are its assignee and
   * had not opened the assignment yet, it is opened (`opened`: routing may give them the next one).
   */
  markRead(conversationId: string, staffId: string, now: Date): Promise<ReadResult>;
}

export interface QueueServices {
  listing: QueueListing;
  labels: LabelStore;
  reads: ReadMarkers;
}
