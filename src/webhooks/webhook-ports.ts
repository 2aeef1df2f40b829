// What outgoing webhooks need from the store (implemented in src/store/webhook-store.ts): the
// endpoints admins manage, the outbox the dispatcher writes deliveries to, and the delivery log
// the worker keeps per attempt. Secrets leave the store only towards the worker that signs.

import type { WebhookEvents } from './webhook-events.ts';
import type { EndpointSecrets } from './webhook-signing.ts';
import type { ResolveAll, TargetRules } from './webhook-target.ts';

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  /** Why it is disabled: by an admin, or a receiver that answered 410 Gone. */
  disabledReason: string | null;
  /** While set and ahead, the previous secret still signs too. */
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
}

export interface WebhookEndpointChanges {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRecord {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint as the admins' list shows it: with how its latest delivery went. */
export interface WebhookEndpointListing extends WebhookEndpointRecord {
  lastDelivery: WebhookDeliveryRecord | null;
}

/** What asking for a delivery to be sent again came to. */
export type RedeliveryOutcome = { delivery: WebhookDeliveryRecord } | { refused: 'not_found' | 'pending' };

/** Admins' changes, each audited with the acting staff member (never with a secret). */
export interface WebhookAdminStore {
  createEndpoint(endpoint: NewWebhookEndpoint, actorId: string, now: Date): Promise<WebhookEndpointRecord>;
  listEndpoints(): Promise<WebhookEndpointListing[]>;
  findEndpoint(id: string): Promise<WebhookEndpointRecord | null>;
  /** Null when there is no such endpoint. */
  updateEndpoint(id: string, changes: WebhookEndpointChanges, actorId: string, now: Date): Promise<WebhookEndpointRecord | null>;
  deleteEndpoint(id: string, actorId: string, now: Date): Promise<boolean>;
  /** The current secret becomes the previous one (signing until `graceUntil`); false when there is no such endpoint. */
  rotateSecret(id: string, secret: string, graceUntil: Date, actorId: string, now: Date): Promise<boolean>;
  /** The endpoint's deliveries, newest first; null when there is no such endpoint. */
  deliveries(endpointId: string, limit: number): Promise<WebhookDeliveryRecord[] | null>;
  /**
   * A settled delivery (delivered or failed) of this endpoint becomes pending again for a fresh
   * round of attempts: the same row, webhook-id and body, so a receiver that already has the event
   * recognises it. Refused while it is still pending (a job carries it). Audited.
   */
  redeliver(endpointId: string, deliveryId: string, actorId: string, now: Date): Promise<RedeliveryOutcome>;
}

export interface NewWebhookDelivery {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  payload: string;
}

/** Where the dispatcher writes the deliveries of announced events. */
export interface WebhookOutbox {
  /** Enabled endpoints and the event types they subscribed to. */
  subscribedEndpoints(): Promise<{ id: string; events: string[] }[]>;
  createDeliveries(deliveries: readonly NewWebhookDelivery[], now: Date): Promise<void>;
}

export interface DeliveryToSend {
  delivery: WebhookDeliveryRecord & { payload: string };
  endpoint: EndpointSecrets & { id: string; url: string; enabled: boolean };
}

export interface AttemptRecord {
  status: DeliveryStatus;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
}

/** The worker's side: what to send, and what each attempt gave. */
export interface WebhookDeliveryStore {
  deliveryToSend(deliveryId: string): Promise<DeliveryToSend | null>;
  recordAttempt(deliveryId: string, attempt: AttemptRecord, now: Date): Promise<void>;
  /** A receiver said it is gone (410): no more deliveries; audited as the service's act. */
  disableEndpoint(endpointId: string, reason: string, now: Date): Promise<void>;
  /**
   * Pending deliveries whose next attempt (or, never tried, whose creation) is before `before`:
   * ones no job carries any more (the queue was away when they were written, or their job failed
   * outside an attempt). At most `limit`, the oldest first, with the attempts they have had.
   */
  overdueDeliveries(before: Date, limit: number): Promise<{ id: string; attempts: number }[]>;
}

/** What the console's webhook routes and the console's own event sites use. */
export interface WebhookServices {
  store: WebhookAdminStore;
  /** Announces events (a close, a staff commitment) and sends test events. */
  dispatcher: WebhookEvents & {
    sendTest(endpointId: string): Promise<{ messageId: string; deliveryId: string }>;
    /** Queues a delivery the store made pending again (see WebhookAdminStore.redeliver). */
    queueAgain(deliveryId: string): Promise<void>;
    /** An endpoint changed here: the next event reads the subscriptions again. */
    forgetSubscriptions(): void;
  };
  rules: TargetRules;
  /** The resolver registration checks names with (default: the system's). */
  resolveAll?: ResolveAll;
}
