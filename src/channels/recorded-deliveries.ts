// The delivery ledger as the app keeps it: the store's delivery state, the live events staff see
// (the undelivered messages; the conversation joining the queue), and routing the queued
// conversation to someone. Never throws: a report that cannot be written is logged, and the
// message stays waiting for the sweeper, which sends it again.

import type { Logger } from 'pino';
import type { ConversationEvents } from '../conversation/events.ts';
import type { ConversationStatus } from '../domain/types.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';

export interface DeliveryStateStore {
  markDelivered(ids: readonly number[]): Promise<void>;
  markUndeliverable(conversationId: string, ids: readonly number[], reason: string, now: Date): Promise<{ queued: boolean; previousStatus: ConversationStatus | null }>;
}

export interface RecordedDeliveriesDeps {
  store: DeliveryStateStore;
  events: ConversationEvents;
  logger: Logger;
  clock: () => Date;
  /** A conversation that lost a reply joined the queue: route it (priority and reason as the store set them). */
  onQueued?: (conversationId: string) => Promise<void>;
  queue: { priority: number; reason: string };
}

export class RecordedDeliveries implements DeliveryLedger {
  constructor(private readonly deps: RecordedDeliveriesDeps) {}

  async delivered(messageIds: readonly number[]): Promise<void> {
    try {
      await this.deps.store.markDelivered(messageIds);
    } catch (error) {
      this.deps.logger.warn({ err: error, messageIds }, 'could not record a delivery; the sweeper may send it again');
    }
  }

  async undeliverable(conversationId: string, messageIds: readonly number[], reason: string): Promise<void> {
    const { store, events, logger } = this.deps;
    try {
      const { queued, previousStatus } = await store.markUndeliverable(conversationId, messageIds, reason, this.deps.clock());
      logger.warn({ conversationId, messageIds, reason, queued }, 'the channel gave up on a message; staff are told');
      await events.publish(
        conversationId,
        { type: 'undelivered', messageIds: [...messageIds], reason },
        ...(queued
          ? [{ type: 'status' as const, status: 'queued' as const, ...(previousStatus ? { previousStatus } : {}), priority: this.deps.queue.priority, queueReason: this.deps.queue.reason }]
          : []),
      );
      if (queued) await this.deps.onQueued?.(conversationId);
    } catch (error) {
      logger.error({ err: error, conversationId, messageIds }, 'could not record an undelivered message');
    }
  }
}
