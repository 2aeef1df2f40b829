// Crisis news for every app instance through Redis pub/sub: a new signal (each open console shows
// its banner) and any other change to signals or incidents (consoles reload the list, each
// instance reloads the open incidents the bot matches complaints against). Published by whichever
// process detected or changed it (an app, `npm run worker`).

import type { Redis } from 'ioredis';
import type { SpikeDimension } from '../domain/crisis/spike-detection.ts';

export type CrisisEvent =
  | { type: 'detected'; signal: { id: string; dimension: SpikeDimension; key: string; count: number; expected: number; detectedAt: string; windowMinutes: number } }
  | { type: 'changed'; signalId?: string; incidentId?: string; change: 'confirmed' | 'dismissed' | 'closed' };

export type CrisisListener = (event: CrisisEvent) => void;

export class CrisisEvents {
  private readonly listeners = new Set<CrisisListener>();
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly publisher: Redis,
    /** Shared with the other subscriptions; absent in a process that only publishes. */
    private readonly subscriber: Redis | undefined,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private onMessage: ((from: string, payload: string) => void) | undefined;

  /** Subscribes; resolves once events published from now on are heard. */
  start(): Promise<unknown> {
    if (this.ready) return this.ready;
    const subscriber = this.subscriber;
    if (!subscriber) return (this.ready = Promise.resolve());
    const channel = this.channel();
    this.onMessage = (from: string, payload: string) => {
      if (from !== channel) return;
      try {
        const event = JSON.parse(payload) as CrisisEvent;
        for (const listener of this.listeners) listener(event);
      } catch (error) {
        this.onError(error);
      }
    };
    subscriber.on('message', this.onMessage);
    this.ready = subscriber.subscribe(channel);
    return this.ready;
  }

  async publish(event: CrisisEvent): Promise<void> {
    await this.publisher.publish(this.channel(), JSON.stringify(event));
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: CrisisListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    // The subscriber connection is shared: only this class's listener leaves it.
    if (this.onMessage) this.subscriber?.off('message', this.onMessage);
    if (this.ready && this.subscriber) await this.subscriber.unsubscribe(this.channel()).catch(() => undefined);
  }

  private channel(): string {
    return `${this.prefix}crisis`;
  }
}
