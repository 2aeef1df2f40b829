// Live events of a conversation (new messages, typing, status) fanned out to every app instance
// through Redis pub/sub, so an SSE client connected to any instance sees everything.

import type { Redis } from 'ioredis';
import type { ConversationStatus } from '../domain/types.ts';
import { KeyedListeners } from '../redis/keyed-listeners.ts';
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

export class RedisConversationEvents implements ConversationEvents {
  private readonly listeners = new KeyedListeners<Listener>();
  private readonly allListeners = new Set<AllListener>();
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /**
   * The events of one call go as one message (a JSON array when there are several): one command
   * to Redis and one delivery to each instance, not one per event. On a connection with
   * auto-pipelining (the app's) it leaves in one write with whatever else the turn sends then
   * (the lock's release).
   */
  async publish(conversationId: string, ...events: ConversationEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.publisher.publish(this.channel(conversationId), JSON.stringify(events.length === 1 ? events[0] : events));
  }

  subscribe(conversationId: string, listener: Listener): () => void {
    this.start();
    return this.listeners.add(conversationId, listener);
  }

  subscribeAll(listener: AllListener): () => void {
    this.start();
    this.allListeners.add(listener);
    return () => this.allListeners.delete(listener);
  }

  /** Resolves once the pattern subscription is active (events published before that are not seen). */
  whenReady(): Promise<unknown> {
    this.start();
    return this.ready ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.allListeners.clear();
    if (this.ready) await this.subscriber.punsubscribe().catch(() => undefined);
  }

  private start(): void {
    if (this.ready) return;
    const pattern = `${this.prefix}events:*`;
    this.subscriber.on('pmessage', (_pattern: string, channel: string, payload: string) => {
      const id = channel.slice(pattern.length - 1);
      if (!this.listeners.has(id) && this.allListeners.size === 0) return;
      try {
        const message = JSON.parse(payload, reviveDates) as ConversationEvent | ConversationEvent[];
        for (const event of Array.isArray(message) ? message : [message]) {
          for (const listener of this.listeners.of(id)) listener(event);
          for (const listener of this.allListeners) listener(id, event);
        }
      } catch (error) {
        this.onError(error);
      }
    });
    this.ready = this.subscriber.psubscribe(pattern);
  }

  private channel(conversationId: string): string {
    return `${this.prefix}events:${conversationId}`;
  }
}

function reviveDates(key: string, value: unknown): unknown {
  return key === 'createdAt' && typeof value === 'string' ? new Date(value) : value;
}
