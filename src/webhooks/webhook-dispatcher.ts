// Turns announced events into deliveries: one row and one queue job per (subscribed endpoint,
// event), every row of one event with the same webhook-id. emit() returns at once; the writing
// happens on a later turn of the event loop, so a customer's answer never waits for it, and events
// announced together are written together. Which event types anyone subscribed to is remembered
// for a few seconds, so while no endpoint wants an event, announcing it costs nothing.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { TEST_EVENT_TYPE, type WebhookEventData, type WebhookEventType, type WebhookEvents, type WebhookPayload } from './webhook-events.ts';
import type { NewWebhookDelivery, WebhookOutbox } from './webhook-ports.ts';

export interface DeliveryQueue {
  enqueue(deliveryIds: readonly string[]): Promise<void>;
  /** Queues a delivery that was settled and is pending again (its first job may still be kept). */
  enqueueAgain(deliveryId: string): Promise<void>;
}

export interface WebhookDispatcherDeps {
  outbox: WebhookOutbox;
  queue: DeliveryQueue;
  logger: Logger;
  clock: () => Date;
  newId?: () => string;
  /** How long the subscribed event types are trusted; changes made in this process apply at once (default 5 s). */
  subscriptionsTtlMs?: number;
}

interface PendingEvent {
  messageId: string;
  type: string;
  body: string;
}

const WRITE_BATCH = 500;

export class WebhookDispatcher implements WebhookEvents {
  private readonly newId: () => string;
  private readonly ttlMs: number;
  private pending: PendingEvent[] = [];
  private draining: Promise<void> | undefined;
  private subscribed: { types: ReadonlySet<string>; until: number } | undefined;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.newId = deps.newId ?? randomUUID;
    this.ttlMs = deps.subscriptionsTtlMs ?? 5_000;
  }

  emit<T extends WebhookEventType>(type: T, data: WebhookEventData[T]): void {
    const known = this.subscribed;
    if (known && known.until > Date.now() && !known.types.has(type)) return;
    this.pending.push(this.event(type, data));
    this.draining ??= this.drain();
  }

  /** Sends a webhook.test event to this endpoint alone, whatever it subscribed to. */
  async sendTest(endpointId: string): Promise<{ messageId: string; deliveryId: string }> {
    const event = this.event(TEST_EVENT_TYPE, { endpointId });
    const deliveryId = this.deliveryId();
    await this.deps.outbox.createDeliveries([{ id: deliveryId, endpointId, messageId: event.messageId, eventType: event.type, payload: event.body }], this.deps.clock());
    await this.deps.queue.enqueue([deliveryId]);
    return { messageId: event.messageId, deliveryId };
  }

  /** Queues a delivery an admin asked to send again, once the store made it pending. */
  async queueAgain(deliveryId: string): Promise<void> {
    await this.deps.queue.enqueueAgain(deliveryId);
  }

  /** An endpoint was added or changed here: read the subscriptions again before the next event. */
  forgetSubscriptions(): void {
    this.subscribed = undefined;
  }

  /** Resolves once every event announced so far is written and queued (or logged as lost). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private event(type: string, data: unknown): PendingEvent {
    const payload: WebhookPayload = { type, timestamp: this.deps.clock().toISOString(), data };
    return { messageId: `msg_${this.newId().replace(/-/g, '')}`, type, body: JSON.stringify(payload) };
  }

  private deliveryId(): string {
    return `whd_${this.newId().replace(/-/g, '')}`;
  }

  private async drain(): Promise<void> {
    try {
      // After the caller's own work: the turn's answer goes out first.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.pending.length) {
        const batch = this.pending.splice(0, WRITE_BATCH);
        try {
          await this.write(batch);
        } catch (err) {
          this.deps.logger.error({ err, events: batch.map((e) => ({ type: e.type, messageId: e.messageId })) }, 'webhooks: could not queue events; they are not delivered');
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async write(batch: readonly PendingEvent[]): Promise<void> {
    const endpoints = await this.deps.outbox.subscribedEndpoints();
    this.subscribed = { types: new Set(endpoints.flatMap((e) => e.events)), until: Date.now() + this.ttlMs };
    const deliveries: NewWebhookDelivery[] = [];
    for (const event of batch) {
      for (const endpoint of endpoints) {
        if (endpoint.events.includes(event.type)) deliveries.push({ id: this.deliveryId(), endpointId: endpoint.id, messageId: event.messageId, eventType: event.type, payload: event.body });
      }
    }
    if (!deliveries.length) return;
    await this.deps.outbox.createDeliveries(deliveries, this.deps.clock());
    await this.deps.queue.enqueue(deliveries.map((d) => d.id));
  }
}
