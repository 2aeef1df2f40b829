// One attempt at one delivery, as the queue's worker runs it: check the endpoint and its address,
// sign with the endpoint's current secrets, POST, and write the outcome on the delivery's row.
// 2xx is delivered; 410 Gone disables the endpoint; any other answer, a timeout or a network error
// is tried again with backoff until the attempts run out.

import type { Logger } from 'pino';
import type { AttemptRecord, WebhookDeliveryStore } from './webhook-ports.ts';
import { postWebhook, type PostOutcome } from './webhook-request.ts';
import { retryDelayMs, type RetryPolicy } from './webhook-retry.ts';
import { signedHeaders, signingSecrets } from './webhook-signing.ts';
import { resolveWebhookTarget, systemResolveAll, WebhookTargetRefused, type ResolveAll, type TargetRules } from './webhook-target.ts';

export interface WebhookDelivererDeps {
  store: WebhookDeliveryStore;
  rules: TargetRules;
  retry: RetryPolicy;
  /** The deadline of one request (WEBHOOKS_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
  clock: () => Date;
  resolveAll?: ResolveAll;
}

/** Thrown by an attempt that should be tried again; BullMQ waits `delayMs` first. */
export class RetryDelivery extends Error {
  override readonly name = 'RetryDelivery';

  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export type AttemptResult = 'delivered' | 'failed' | 'retry' | 'skipped';

export class WebhookDeliverer {
  private readonly resolveAll: ResolveAll;

  constructor(private readonly deps: WebhookDelivererDeps) {
    this.resolveAll = deps.resolveAll ?? systemResolveAll;
  }

  /** Makes one attempt; throws RetryDelivery when it failed and another is due. */
  async attempt(deliveryId: string): Promise<AttemptResult> {
    const { store, logger, clock } = this.deps;
    const found = await store.deliveryToSend(deliveryId);
    // Deleted with its endpoint, or settled by an earlier run of the same job.
    if (!found || found.delivery.status !== 'pending') return 'skipped';
    const { delivery, endpoint } = found;
    const attempts = delivery.attempts + 1;
    if (!endpoint.enabled) {
      await store.recordAttempt(deliveryId, { status: 'failed', attempts: delivery.attempts, statusCode: null, error: 'the endpoint is disabled', nextAttemptAt: null }, clock());
      return 'failed';
    }
    const outcome = await this.send(endpoint, delivery.messageId, delivery.payload);
    const now = clock();
    const record: AttemptRecord = {
      status: 'failed',
      attempts,
      statusCode: 'statusCode' in outcome ? outcome.statusCode : null,
      error: 'error' in outcome ? outcome.error : null,
      nextAttemptAt: null,
    };
    if ('statusCode' in outcome && outcome.statusCode >= 200 && outcome.statusCode < 300) {
      await store.recordAttempt(deliveryId, { ...record, status: 'delivered' }, now);
      return 'delivered';
    }
    if ('statusCode' in outcome && outcome.statusCode === 410) {
      await store.recordAttempt(deliveryId, record, now);
      await store.disableEndpoint(endpoint.id, 'the receiver answered 410 Gone', now);
      logger.warn({ endpointId: endpoint.id, deliveryId }, 'webhooks: the receiver answered 410 Gone; endpoint disabled');
      return 'failed';
    }
    if ('refused' in outcome || attempts >= this.deps.retry.maxAttempts) {
      await store.recordAttempt(deliveryId, record, now);
      logger.warn({ endpointId: endpoint.id, deliveryId, attempts, statusCode: record.statusCode, error: record.error }, 'webhooks: delivery failed for good');
      return 'failed';
    }
    const delayMs = retryDelayMs(attempts, this.deps.retry.baseDelayMs);
    await store.recordAttempt(deliveryId, { ...record, status: 'pending', nextAttemptAt: new Date(now.getTime() + delayMs) }, now);
    throw new RetryDelivery(`attempt ${attempts} failed: ${record.error ?? `HTTP ${record.statusCode}`}`, delayMs);
  }

  private async send(endpoint: { url: string } & Parameters<typeof signingSecrets>[0], messageId: string, payload: string): Promise<PostOutcome | { error: string; refused: true }> {
    let target;
    try {
      target = await resolveWebhookTarget(endpoint.url, this.deps.rules, this.resolveAll);
    } catch (error) {
      if (error instanceof WebhookTargetRefused) return { error: `refused: ${error.message}`, refused: true };
      return { error: `could not resolve the host: ${error instanceof Error ? error.message : String(error)}` };
    }
    // Signed just before sending: the receiver checks the timestamp is recent.
    const at = this.deps.clock();
    const headers = signedHeaders(signingSecrets(endpoint, at), messageId, at, payload);
    return postWebhook(target, headers, payload, this.deps.timeoutMs);
  }
}
