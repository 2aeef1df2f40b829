// Plain texts to the staff's Telegram chat (STAFF_TELEGRAM_CHAT_ID) from a process that has no
// Telegram channel of its own — `npm run worker`, where complaint bursts are detected when the
// follow-up jobs run outside the app. telegraf is loaded only when both settings are there.

import type { Config } from '../../config.ts';

export type StaffChatText = (text: string) => Promise<void>;

export async function telegramStaffChat(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'STAFF_TELEGRAM_CHAT_ID'>): Promise<StaffChatText | undefined> {
  const { TELEGRAM_BOT_TOKEN: token, STAFF_TELEGRAM_CHAT_ID: chatId } = config;
  if (!token || !chatId) return undefined;
  const { Telegraf } = await import('telegraf');
  const { telegram } = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
  return async (text) => {
    await telegram.sendMessage(chatId, text);
  };
}
