// Every live conversation event of this deployment on one Redis pattern subscription, for the
// staff console's single stream (the customer-side ConversationEvents routes by conversation id).

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConversationEvent, ConversationEvents } from '../conversation/events.ts';

export type FeedListener = (conversationId: string, event: ConversationEvent) => void;

const CALIBRATE_TIMEOUT_MS = 5_000;

/**
 * Subscribes its own connection to `<prefix>events:*`. The key prefix is not among the HTTP
 * services, so it is learned once from the channel a probe event published through
 * `ConversationEvents` arrives on; from then on only this deployment's channels are subscribed.
 */
export class StaffEventFeed {
  private readonly listeners = new Set<FeedListener>();
  private started: Promise<void> | undefined;
  private channelPrefix: string | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly events: ConversationEvents,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Resolves once the subscription is active: events published after that are all seen. */
  start(): Promise<void> {
    this.started ??= this.calibrate().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async calibrate(): Promise<void> {
    const probeId = `staff-feed-probe-${randomUUID()}`;
    const wide = '*events:*';
    const learned = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the staff event feed saw no probe event; is Redis pub/sub working?')), CALIBRATE_TIMEOUT_MS);
      const onProbe = (pattern: string, channel: string) => {
        if (pattern !== wide || !channel.endsWith(`events:${probeId}`)) return;
        clearTimeout(timer);
        this.subscriber.off('pmessage', onProbe);
        resolve(channel.slice(0, channel.length - probeId.length));
      };
      this.subscriber.on('pmessage', onProbe);
    });
    await this.subscriber.psubscribe(wide);
    await this.events.publish(probeId, { type: 'typing', on: false, author: 'bot' });
    this.channelPrefix = await learned;
    this.subscriber.on('pmessage', (pattern: string, channel: string, payload: string) => this.dispatch(pattern, channel, payload));
    await this.subscriber.psubscribe(`${escapeGlob(this.channelPrefix)}*`);
    await this.subscriber.punsubscribe(wide);
  }

  private dispatch(pattern: string, channel: string, payload: string): void {
    const prefix = this.channelPrefix;
    if (!prefix || pattern === '*events:*' || !channel.startsWith(prefix)) return;
    const conversationId = channel.slice(prefix.length);
    if (conversationId.startsWith('staff-feed-probe-')) return;
    try {
      const event = JSON.parse(payload, reviveDates) as ConversationEvent;
      for (const listener of this.listeners) listener(conversationId, event);
    } catch (error) {
      this.onError(error);
    }
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function reviveDates(key: string, value: unknown): unknown {
  return key === 'createdAt' && typeof value === 'string' ? new Date(value) : value;
}
