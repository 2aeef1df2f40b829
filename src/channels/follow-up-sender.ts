// Delivers follow-up messages (callbacks, revisits, greetings, check-ins) through the customer's
// own channel's outbound port, and tells the job runner how fast each channel may be written to.
// A channel whose stored message is the delivery (the web chat) has nothing to send.

import { DeliveryFailure, type FollowUpMessage, type FollowUpSender, type SendTarget } from '../jobs/follow-up-ports.ts';
import type { RateLimit } from '../jobs/rate-limiter.ts';
import type { Channel } from './channel.ts';

export class ChannelFollowUpSender implements FollowUpSender {
  private channels: readonly Channel[] = [];
  /** Channels outside this product's own, e.g. a loopback sink in a benchmark; found first. */
  private readonly extras: Channel[] = [];

  /** The channels exist only after the HTTP server does; attached then. */
  attach(channels: readonly Channel[]): void {
    this.channels = channels;
  }

  addChannel(extra: Channel): void {
    this.extras.unshift(extra);
  }

  deliversOnRecord(channel: string): boolean {
    return this.find(channel)?.outbound.deliversOnRecord ?? false;
  }

  async send(target: SendTarget, message: FollowUpMessage, key: string): Promise<void> {
    const channel = this.find(target.channel);
    if (!channel) throw new DeliveryFailure(`the ${target.channel} channel is not running in this process`, false);
    if (channel.outbound.deliversOnRecord) return;
    const outcome = await channel.outbound.send(target, [message], { mode: 'follow-up', key });
    if (outcome.status !== 'sent') throw new DeliveryFailure(outcome.reason, outcome.status === 'unreachable');
  }

  async wasDelivered(target: SendTarget, key: string): Promise<boolean | undefined> {
    return this.find(target.channel)?.outbound.wasDelivered?.(target, key);
  }

  limits(target: SendTarget): RateLimit[] {
    return this.find(target.channel)?.outbound.limits(target) ?? [];
  }

  private find(name: string): Channel | undefined {
    return this.extras.find((c) => c.name === name) ?? this.channels.find((c) => c.name === name);
  }
}
