// A Telegram user talking to the bot through the telegram-test-api emulator (a local Bot API
// server). Updates are built here with chosen ids, so a test can deliver the same message twice;
// in polling mode they are queued in the emulator for the bot's getUpdates, in webhook mode they
// are POSTed to the app's webhook with the secret header, as Telegram would.

import { freePort } from '../../src/redis/embedded-redis.ts';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { Update } from 'telegraf/types';

export interface BotMessage {
  messageId: number;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

export async function startTelegramEmulator(): Promise<TelegramServer> {
  const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
  await server.start();
  return server;
}

export type Delivery = { mode: 'polling' } | { mode: 'webhook'; url: string; secret: string };

let nextUpdateId = 1_000;
let nextMessageId = 50_000;

export class TelegramUser {
  readonly chatId: number;

  constructor(
    private readonly server: TelegramServer,
    private readonly token: string,
    private readonly delivery: Delivery,
    readonly user: { id: number; first_name: string; last_name?: string; language_code?: string },
  ) {
    this.chatId = user.id;
  }

  /** A message from this user in their private chat with the bot; `fields` adds photo, sticker … */
  message(fields: Record<string, unknown> = {}, messageId = nextMessageId++): Update {
    return {
      update_id: nextUpdateId++,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.chatId, type: 'private', first_name: this.user.first_name },
        from: { is_bot: false, ...this.user },
        ...fields,
      },
    } as Update;
  }

  text(text: string, messageId?: number): Update {
    const command = /^\/\w+/.exec(text);
    return this.message({ text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}) }, messageId);
  }

  /**
   * The user's own number shared with the "share contact" button: Telegram sets contact.user_id
   * to the sender, which is how the bot knows the number is verified.
   */
  shareOwnContact(phoneNumber: string): Update {
    return this.message({ contact: { phone_number: phoneNumber, first_name: this.user.first_name, user_id: this.user.id } });
  }

  /** Pressing the button labelled `label` on the bot's latest message that has it. */
  press(label: string): Update {
    const message = this.botMessages()
      .reverse()
      .find((m) => m.buttons.some((b) => b.text === label));
    if (!message) throw new Error(`no button "${label}" in ${JSON.stringify(this.botMessages().map((m) => m.buttons.map((b) => b.text)))}`);
    const stored = this.stored().find((m) => m.messageId === message.messageId)!;
    return {
      update_id: nextUpdateId++,
      callback_query: {
        id: String(nextMessageId++),
        chat_instance: String(this.chatId),
        from: { is_bot: false, ...this.user },
        data: message.buttons.find((b) => b.text === label)!.callback_data,
        message: {
          message_id: message.messageId,
          date: Math.floor(stored.time / 1000),
          chat: { id: this.chatId, type: 'private', first_name: this.user.first_name },
          text: message.text,
          reply_markup: stored.message.reply_markup,
        },
      },
    } as Update;
  }

  async deliver(update: Update): Promise<void> {
    if (this.delivery.mode === 'webhook') {
      const response = await fetch(this.delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.delivery.secret },
        body: JSON.stringify(update),
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      return;
    }
    // The emulator's own queue for getUpdates, in the shape its formatUpdate turns back into this update.
    const common = { time: Date.now(), botToken: this.token, updateId: update.update_id, isRead: false };
    if ('callback_query' in update) {
      const { id, from, message, data } = update.callback_query as { id: string; from: unknown; message: unknown; data: string };
      this.server.storage.userMessages.push({ ...common, messageId: 0, callbackId: Number(id), callbackQuery: { from, message, data } } as never);
    } else if ('message' in update) {
      this.server.storage.userMessages.push({ ...common, messageId: update.message.message_id, message: update.message } as never);
    } else {
      throw new Error('the emulator queues only messages and button presses');
    }
  }

  /** Everything the bot has sent to this chat, oldest first. */
  botMessages(): BotMessage[] {
    return this.stored().map((m) => ({
      messageId: m.messageId,
      text: String(m.message.text),
      buttons: ((m.message.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat(),
    }));
  }

  private stored() {
    return this.server.storage.botMessages.filter((m) => m.botToken === this.token && String(m.message.chat_id) === String(this.chatId));
  }
}

/** Settings that point the app's Telegram channel at the emulator (webhook mode when a secret is given). */
export function telegramEnv(server: TelegramServer, token: string, webhookSecret?: string): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: server.config.apiURL,
    // Fast pacing keeps tests quick; the pacing itself is unit-tested.
    TELEGRAM_PER_CHAT_INTERVAL_MS: '50',
    ...(webhookSecret ? { TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/api/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: webhookSecret } : {}),
  };
}
