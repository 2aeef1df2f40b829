// The live events of conversations over Redis pub/sub: published on the app's connection, heard on
// a subscriber connection through one pattern subscription, and handed to this process's listeners.

import type { Redis } from 'ioredis';
import type { AllListener, ConversationEvent, ConversationEvents, Listener } from '../conversation/events.ts';
import { KeyedListeners } from './keyed-listeners.ts';

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
   * to Redis and one delivery to each instance, not one per event. On a connection that
   * holds its writes for the turn of the event loop (the app's, connect-redis.ts) it leaves in one
   * write with whatever else is sent then (the lock's release).
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
