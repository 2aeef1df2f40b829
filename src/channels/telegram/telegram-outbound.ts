// The Telegram channel's outbound port, shared by the channel and a send-only worker: messages go
// through the paced sender (one queue per chat for live replies and staff messages, at once for a
// follow-up), choices become buttons on the last message that has them, a blocked bot marks the
// identity unreachable, and the pace Telegram allows is kept in Redis for every instance and worker.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Config } from '../../config.ts';
import type { IdentityStore } from '../../conversation/ports.ts';
import type { RateLimit } from '../../jobs/rate-limiter.ts';
import { SENT, type ChannelOutbound, type OutboundMessage, type SendOutcome } from '../outbound-port.ts';
import type { SendPace } from '../send-pace.ts';
import { choiceKeyboard } from './keyboard.ts';
import { OutboundSender, type ChatPace, type OutboundMessage as TelegramMessage, type SendOutcome as TelegramOutcome } from './outbound-sender.ts';

export type TelegramPaceConfig = Pick<Config, 'TELEGRAM_PER_CHAT_INTERVAL_MS' | 'TELEGRAM_GLOBAL_PER_SECOND' | 'TELEGRAM_PER_GROUP_PER_MINUTE'>;

export interface TelegramOutboundDeps {
  telegram: Telegram;
  config: TelegramPaceConfig;
  identities: IdentityStore;
  /** Shared by every instance and worker (Redis): live replies and follow-ups book the same slots. */
  pace: SendPace;
  logger: Logger;
}

export function telegramOutbound({ telegram, config, identities, pace, logger }: TelegramOutboundDeps): { sender: OutboundSender; outbound: ChannelOutbound } {
  const sender = new OutboundSender({ telegram, pace: telegramChatPace(pace, config), identities, logger });
  const outbound: ChannelOutbound = {
    deliversOnRecord: false,
    async send(target, messages, { mode }) {
      const chatId = Number(target.externalId);
      const batch = { chatId, identityId: target.identityId, messages: telegramMessages(chatId, messages) };
      // A follow-up's slot under `limits` is booked by the follow-up runner before it sends (it
      // checks its lease as the slot is handed out): paying it here again would halve the pace.
      return outcomeOf(await (mode === 'follow-up' ? sender.sendNow(batch, { slotBooked: true }) : sender.enqueue(batch)));
    },
    limits: (target) => telegramLimits(config, target.externalId),
  };
  return { sender, outbound };
}

/**
 * Telegram's flood limits: so many messages a second overall, and one per chat per interval (no
 * burst) — in a group, no more than TELEGRAM_PER_GROUP_PER_MINUTE, spread evenly.
 */
export function telegramLimits(config: TelegramPaceConfig, chatId: string): RateLimit[] {
  return [{ key: 'telegram', perSecond: config.TELEGRAM_GLOBAL_PER_SECOND }, chatLimit(config, chatId)];
}

/** The pace of each chat in Redis, from telegramLimits; a 429 holds the chat's key. */
export function telegramChatPace(pace: SendPace, config: TelegramPaceConfig): ChatPace {
  return {
    wait: (chatId) => pace.wait(telegramLimits(config, String(chatId))),
    hold: (chatId, ms) => pace.hold(chatLimit(config, String(chatId)).key, ms),
  };
}

/** Group and supergroup chats (the staff chat is one) have negative ids in Telegram; people's chats positive. */
function chatLimit(config: TelegramPaceConfig, chatId: string): RateLimit {
  const perChat = 1000 / Math.max(1, config.TELEGRAM_PER_CHAT_INTERVAL_MS);
  const perSecond = Number(chatId) < 0 ? Math.min(perChat, config.TELEGRAM_PER_GROUP_PER_MINUTE / 60) : perChat;
  return { key: `telegram:chat:${chatId}`, perSecond, burstMs: 0 };
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
