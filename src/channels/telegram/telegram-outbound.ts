// The Telegram channel's outbound port, shared by the channel and a send-only worker: messages go
// through the paced sender (one queue per chat for live replies and staff messages, at once for a
// follow-up), choices become buttons on the last message that has them, a blocked bot marks the
// identity unreachable, and the pace Telegram allows is handed to the Redis rate limiter.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Config } from '../../config.ts';
import type { IdentityStore } from '../../conversation/ports.ts';
import type { RateLimit } from '../../jobs/rate-limiter.ts';
import { SENT, type ChannelOutbound, type OutboundMessage, type SendOutcome } from '../outbound-port.ts';
import { choiceKeyboard } from './keyboard.ts';
import { OutboundSender, type OutboundMessage as TelegramMessage, type SendOutcome as TelegramOutcome } from './outbound-sender.ts';
import { SendPacer } from './send-pacer.ts';

export type TelegramPaceConfig = Pick<Config, 'TELEGRAM_PER_CHAT_INTERVAL_MS' | 'TELEGRAM_GLOBAL_PER_SECOND'>;

export function telegramOutbound(telegram: Telegram, config: TelegramPaceConfig, identities: IdentityStore, logger: Logger): { sender: OutboundSender; outbound: ChannelOutbound } {
  const sender = new OutboundSender({
    telegram,
    pacer: new SendPacer({ perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS, globalPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND }),
    identities,
    logger,
  });
  const outbound: ChannelOutbound = {
    deliversOnRecord: false,
    async send(target, messages, { mode }) {
      const chatId = Number(target.externalId);
      const batch = { chatId, identityId: target.identityId, messages: telegramMessages(chatId, messages) };
      return outcomeOf(await (mode === 'follow-up' ? sender.sendNow(batch) : sender.enqueue(batch)));
    },
    limits: (target) => telegramLimits(config, target.externalId),
  };
  return { sender, outbound };
}

/** Telegram's flood limits: so many messages a second overall, one per chat per interval (no burst). */
export function telegramLimits(config: TelegramPaceConfig, chatId: string): RateLimit[] {
  return [
    { key: 'telegram', perSecond: config.TELEGRAM_GLOBAL_PER_SECOND },
    { key: `telegram:chat:${chatId}`, perSecond: 1000 / Math.max(1, config.TELEGRAM_PER_CHAT_INTERVAL_MS), burstMs: 0 },
  ];
}

/** Messages as Telegram sends them; only the last one with choices gets buttons (earlier ones are answered). */
export function telegramMessages(chatId: number, messages: readonly OutboundMessage[]): TelegramMessage[] {
  let lastWithChoices = -1;
  for (const [index, message] of messages.entries()) if (message.choices?.length) lastWithChoices = index;
  return messages.map((message, index) => ({
    chatId,
    text: message.text,
    ...(index === lastWithChoices && message.choices ? { keyboard: choiceKeyboard(message.choices) } : {}),
  }));
}

function outcomeOf(outcome: TelegramOutcome): SendOutcome {
  if (outcome === 'sent') return SENT;
  if (outcome === 'blocked') return { status: 'unreachable', reason: 'the customer has blocked the bot on Telegram' };
  return { status: 'failed', reason: 'Telegram did not accept the message' };
}
