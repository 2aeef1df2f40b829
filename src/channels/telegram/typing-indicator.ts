// "typing…" in the customer's chat while the engine works. Telegram shows it for about five
// seconds, so it is renewed until the turn is done. Best effort: a failure only gets logged.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';

const RENEW_MS = 4_000;

/** Starts showing "typing…" in `chatId`; call the returned function to stop renewing it. */
export function showTyping(telegram: Telegram, chatId: number, logger: Logger): () => void {
  const send = () => {
    telegram.sendChatAction(chatId, 'typing').catch((err: unknown) => logger.debug({ err, chatId }, 'telegram: could not show typing'));
  };
  send();
  const timer = setInterval(send, RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}
