// Delivers follow-up messages (callbacks, revisits, greetings, check-ins) on the customer's own
// channel, and tells the job runner how fast each channel may be written to. Web chat needs no
// sending: the stored message is what the customer's page shows (live over SSE, or on reload).
// Channel modules are imported as types only: a worker process loads a channel's code only when it
// has that channel (see sending-channels.ts).

import type { Config } from '../config.ts';
import { DeliveryFailure, type FollowUpMessage, type FollowUpSender, type SendTarget } from '../jobs/follow-up-ports.ts';
import type { RateLimit } from '../jobs/rate-limiter.ts';
import type { BotFrameworkChannel } from './botframework/botframework-channel.ts';
import { BotFrameworkDeliveryError } from './botframework/delivery-error.ts';
import type { Channel } from './channel.ts';
import type { TelegramChannel } from './telegram/telegram-channel.ts';

/** A channel outside this product's own three, e.g. a loopback sink in a benchmark. */
export interface ExtraFollowUpChannel {
  name: string;
  send(target: SendTarget, message: FollowUpMessage, key: string): Promise<void>;
  wasDelivered?(target: SendTarget, key: string): Promise<boolean | undefined>;
  perSecond?: number;
}

export type PaceConfig = Pick<Config, 'TELEGRAM_GLOBAL_PER_SECOND' | 'TELEGRAM_PER_CHAT_INTERVAL_MS' | 'FOLLOWUP_RATE_BOTFRAMEWORK' | 'FOLLOWUP_RATE_WEBCHAT'>;

export class ChannelFollowUpSender implements FollowUpSender {
  private channels: readonly Channel[] = [];
  private readonly extras = new Map<string, ExtraFollowUpChannel>();

  constructor(private readonly pace: PaceConfig) {}

  /** The channels exist only after the HTTP server does; attached then. */
  attach(channels: readonly Channel[]): void {
    this.channels = channels;
  }

  addChannel(extra: ExtraFollowUpChannel): void {
    this.extras.set(extra.name, extra);
  }

  deliversOnRecord(channel: string): boolean {
    return channel === 'webchat';
  }

  async send(target: SendTarget, message: FollowUpMessage, key: string): Promise<void> {
    const extra = this.extras.get(target.channel);
    if (extra) return extra.send(target, message, key);
    if (target.channel === 'webchat') return;
    const channel = this.channels.find((c) => c.name === target.channel);
    if (!channel) throw new DeliveryFailure(`the ${target.channel} channel is not running in this process`, false);
    if (channel.name === 'botframework' && 'sendProactive' in channel) return sendBotFramework(channel as BotFrameworkChannel, target, message);
    if ('sendMessage' in channel) {
      const outcome = await (channel as TelegramChannel).sendMessage(target.externalId, message.text, message.choices, target.identityId);
      if (outcome === 'blocked') throw new DeliveryFailure('the customer has blocked the bot on Telegram', true);
      if (outcome === 'failed') throw new DeliveryFailure('Telegram did not accept the message', false);
      return;
    }
    throw new DeliveryFailure(`the ${target.channel} channel cannot send follow-ups`, true);
  }

  async wasDelivered(target: SendTarget, key: string): Promise<boolean | undefined> {
    return this.extras.get(target.channel)?.wasDelivered?.(target, key);
  }

  limits(target: SendTarget): RateLimit[] {
    const extra = this.extras.get(target.channel);
    if (extra) return extra.perSecond ? [{ key: extra.name, perSecond: extra.perSecond }] : [];
    switch (target.channel) {
      case 'telegram':
        return [
          { key: 'telegram', perSecond: this.pace.TELEGRAM_GLOBAL_PER_SECOND },
          { key: `telegram:chat:${target.externalId}`, perSecond: 1000 / Math.max(1, this.pace.TELEGRAM_PER_CHAT_INTERVAL_MS), burstMs: 0 },
        ];
      case 'botframework':
        return [{ key: 'botframework', perSecond: this.pace.FOLLOWUP_RATE_BOTFRAMEWORK }];
      default:
        return [{ key: target.channel, perSecond: this.pace.FOLLOWUP_RATE_WEBCHAT }];
    }
  }
}

async function sendBotFramework(channel: { sendProactive: (identityId: string, messages: readonly FollowUpMessage[]) => Promise<void> }, target: SendTarget, message: FollowUpMessage): Promise<void> {
  try {
    await channel.sendProactive(target.identityId, [message]);
  } catch (error) {
    if (error instanceof BotFrameworkDeliveryError) throw new DeliveryFailure(error.message, error.code !== 'failed', { cause: error });
    throw new DeliveryFailure(`Bot Framework: ${(error as Error).message}`, false, { cause: error });
  }
}
