// One Redis pub/sub channel of JSON events for every app instance (crisis news, SLA breaches):
// published by whichever process it happened in, heard on the app's shared subscriber connection.

import type { Redis } from 'ioredis';

export class RedisJsonChannel<E> {
  private readonly listeners = new Set<(event: E) => void>();
  private ready: Promise<unknown> | undefined;
  private onMessage: ((from: string, payload: string) => void) | undefined;

  constructor(
    private readonly publisher: Redis,
    /** Shared with the other subscriptions; absent in a process that only publishes. */
    private readonly subscriber: Redis | undefined,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Subscribes; resolves once events published from now on are heard. */
  start(): Promise<unknown> {
    if (this.ready) return this.ready;
    const subscriber = this.subscriber;
    if (!subscriber) return (this.ready = Promise.resolve());
    this.onMessage = (from, payload) => {
      if (from !== this.channel) return;
      try {
        const event = JSON.parse(payload) as E;
        for (const listener of this.listeners) listener(event);
      } catch (error) {
        this.onError(error);
      }
    };
    subscriber.on('message', this.onMessage);
    this.ready = subscriber.subscribe(this.channel);
    return this.ready;
  }

  async publish(event: E): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    // The subscriber connection is shared: only this channel's listener leaves it.
    if (this.onMessage) this.subscriber?.off('message', this.onMessage);
    if (this.ready && this.subscriber) await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
  }
}
