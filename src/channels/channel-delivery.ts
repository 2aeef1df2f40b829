// Delivers staff messages and notices to the customer on the channel of their conversation: the
// Message row is stored and announced on the live events first (web chat's SSE shows it; the
// console sees it), then the channel's outbound port sends it where the record is not enough.

import type { Logger } from 'pino';
import type { ConversationEvents } from '../conversation/events.ts';
import type { ConversationMetrics } from '../conversation/conversation-metrics.ts';
import type { Delivered, OutboundDelivery, OutboundText } from '../conversation/outbound-delivery.ts';
import type { ConversationRecord, ConversationStore, IdentityStore } from '../conversation/ports.ts';
import type { Channel } from './channel.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';

export interface ChannelDeliveryDeps {
  conversations: ConversationStore;
  identities: IdentityStore;
  events: ConversationEvents;
  logger: Logger;
  clock?: () => Date;
  /** Counts the messages that go out (Prometheus); absent → not counted. */
  metrics?: Pick<ConversationMetrics, 'messageOut'>;
  /** Where sends are confirmed; absent → messages are not tracked for the delivery sweeper. */
  deliveries?: DeliveryLedger;
  /** A message not confirmed within this long is the sweeper's to send again. Default 60 s. */
  deliveryRetryAfterMs?: number;
}

export class ChannelDelivery implements OutboundDelivery {
  private channels: readonly Channel[] = [];

  constructor(private readonly deps: ChannelDeliveryDeps) {}

  /** The channels exist only after the HTTP server does (they add routes to it); attached then. */
  attach(channels: readonly Channel[]): void {
    this.channels = channels;
  }

  async deliver(conversation: ConversationRecord, outbound: OutboundText): Promise<Delivered> {
    const { conversations, events, logger } = this.deps;
    const channel = this.channels.find((c) => c.name === conversation.channel);
    const now = this.deps.clock?.() ?? new Date();
    const tracked = Boolean(this.deps.deliveries && channel && !channel.outbound.deliversOnRecord);
    const message = await conversations.appendMessage(conversation.id, {
      author: outbound.author,
      text: outbound.text,
      now,
      ...(tracked ? { deliveryDueAt: new Date(now.getTime() + (this.deps.deliveryRetryAfterMs ?? 60_000)) } : {}),
      ...(outbound.staffId ? { staffId: outbound.staffId } : {}),
      ...(outbound.choices?.length ? { choices: outbound.choices } : {}),
    });
    this.deps.metrics?.messageOut(conversation.channel);
    try {
      await events.publish(conversation.id, { type: 'message', message });
    } catch (error) {
      // Best effort, as for bot replies: the stored message is served by the history routes.
      logger.warn({ err: error, conversationId: conversation.id }, 'could not publish a live event');
    }
    try {
      return { message, delivered: await this.send(channel, conversation, outbound, message.id) };
    } catch (error) {
      logger.warn({ err: error, conversationId: conversation.id, channel: conversation.channel }, 'could not deliver a staff message');
      return { message, delivered: false };
    }
  }

  private async send(channel: Channel | undefined, conversation: ConversationRecord, outbound: OutboundText, messageId: number): Promise<boolean> {
    if (!channel) {
      this.deps.logger.warn({ conversationId: conversation.id, channel: conversation.channel }, 'no running channel can deliver to this conversation');
      return false;
    }
    if (channel.outbound.deliversOnRecord) return true;
    const identity = await this.deps.identities.getIdentity(conversation.identityId);
    if (!identity) return false;
    const message = { text: outbound.text, ...(outbound.choices?.length ? { choices: outbound.choices } : {}) };
    const outcome = await channel.outbound.send({ identityId: conversation.identityId, externalId: identity.externalId }, [message], { mode: 'staff' });
    if (outcome.status === 'sent') {
      await this.deps.deliveries?.delivered([messageId]);
      return true;
    }
    this.deps.logger.warn({ conversationId: conversation.id, channel: conversation.channel, reason: outcome.reason }, 'could not deliver a staff message');
    // A channel that gave up is told to staff now; one that failed for a while is the sweeper's to try again.
    if (outcome.status === 'unreachable') await this.deps.deliveries?.undeliverable(conversation.id, [messageId], outcome.reason);
    return false;
  }
}
