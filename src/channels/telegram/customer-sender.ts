// What the Telegram channel and a send-only worker share: the paced outbound sender, and one
// message to a customer sent now with its outcome (a blocked bot marks the identity unreachable).

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Config } from '../../config.ts';
import type { IdentityStore } from '../../conversation/ports.ts';
import { choiceKeyboard } from './keyboard.ts';
import { OutboundSender, type SendOutcome } from './outbound-sender.ts';
import { SendPacer } from './send-pacer.ts';

export type CustomerSender = ReturnType<typeof customerSender>;

export function customerSender(telegram: Telegram, config: Pick<Config, 'TELEGRAM_PER_CHAT_INTERVAL_MS' | 'TELEGRAM_GLOBAL_PER_SECOND'>, identities: IdentityStore, logger: Logger) {
  const sender = new OutboundSender({
    telegram,
    pacer: new SendPacer({ perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS, globalPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND }),
    identities,
    logger,
  });
  return {
    sender,
    /** One message (choices as buttons) now, outside the chat's reply queue. */
    async sendMessage(externalUserId: string, text: string, choices: readonly string[] | undefined, identityId: string): Promise<SendOutcome> {
      const chatId = Number(externalUserId);
      const outcome = await sender.send({ chatId, text, ...(choices?.length ? { keyboard: choiceKeyboard(choices) } : {}) });
      if (outcome === 'blocked') await identities.setReachable(identityId, false);
      return outcome;
    },
  };
}
