// SLA breaches for every open console through Redis pub/sub: published by whichever process made
// the pass (an app, `npm run worker`), heard by every app instance, which passes them to its
// consoles' live streams (the `sla` event).

import type { Redis } from 'ioredis';
import type { SlaKind } from '../domain/sla/sla-timer.ts';
import type { Tier } from '../domain/types.ts';

export interface SlaBreachEvent {
  type: 'breached';
  conversationId: string;
  kind: SlaKind;
  tier: Tier;
  status: 'queued' | 'human';
  dueAt: string;
  targetMinutes: number;
  assignedStaffId: string | null;
}

export type SlaListener = (event: SlaBreachEvent) => void;

export class SlaEvents {
  private readonly listeners = new Set<SlaListener>();
  private ready: Promise<unknown> | undefined;
  private onMessage: ((from: string, payload: string) => void) | undefined;

  constructor(
    private readonly publisher: Redis,
    /** Shared with the other subscriptions; absent in a process that only publishes. */
    private readonly subscriber: Redis | undefined,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Subscribes; resolves once events published from now on are heard. */
  start(): Promise<unknown> {
    if (this.ready) return this.ready;
    const subscriber = this.subscriber;
    if (!subscriber) return (this.ready = Promise.resolve());
    const channel = this.channel();
    this.onMessage = (from, payload) => {
      if (from !== channel) return;
      try {
        const event = JSON.parse(payload) as SlaBreachEvent;
        for (const listener of this.listeners) listener(event);
      } catch (error) {
        this.onError(error);
      }
    };
    subscriber.on('message', this.onMessage);
    this.ready = subscriber.subscribe(channel);
    return this.ready;
  }

  async publish(event: SlaBreachEvent): Promise<void> {
    await this.publisher.publish(this.channel(), JSON.stringify(event));
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: SlaListener): () => void {
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
    return `${this.prefix}sla`;
  }
}
