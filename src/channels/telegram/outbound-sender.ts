// Delivers the bot's replies to Telegram: one queue per chat (replies arrive in order), long
// texts split, flood limits paced across every instance (ChatPace), 429 retry_after honoured for
// the chat on every instance, a blocked bot (403) marks the identity unreachable, anything else
// retried a few times with backoff and then logged.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { IdentityStore } from '../../conversation/ports.ts';
import { KeyedQueue } from '../../shared/keyed-queue.ts';
import { splitText } from './split-text.ts';

export interface OutboundMessage {
  chatId: number;
  text: string;
  /** Attached to the last part when the text is split. */
  keyboard?: InlineKeyboardMarkup;
}

export interface OutboundBatch {
  chatId: number;
  /** Marked unreachable when the customer has blocked the bot. */
  identityId?: string;
  messages: OutboundMessage[];
}

export type SendOutcome = 'sent' | 'blocked' | 'failed';

/** The pace of writing to Telegram chats, shared by every instance (see telegramChatPace). */
export interface ChatPace {
  /** Resolves when a message to `chatId` may go out; the slot is booked then. */
  wait(chatId: number): Promise<void>;
  /** Nothing goes to `chatId` from any instance for the next `ms` (Telegram's retry_after). */
  hold(chatId: number, ms: number): Promise<void>;
}

export interface SendNowOptions {
  /**
   * The caller has already waited for a slot under the chat's limits (the follow-up runner books
   * one before it sends): the first part goes at once. Further parts and retries wait as usual.
   */
  slotBooked?: boolean;
}

export interface OutboundSenderOptions {
  telegram: Telegram;
  pace: ChatPace;
  identities: Pick<IdentityStore, 'setReachable'>;
  logger: Logger;
  /** Tries per message part, 429 answers included. Default 5. */
  maxAttempts?: number;
  /** First backoff after a failure other than 429; doubles each time. Default 500 ms. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class OutboundSender {
  private readonly queue = new KeyedQueue();
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: OutboundSenderOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  /**
   * Queues a turn's replies behind whatever the chat is still waiting for. The returned promise
   * settles when they are out (or given up) with how it went; it never rejects.
   */
  enqueue(batch: OutboundBatch): Promise<SendOutcome> {
    return this.queue.run(String(batch.chatId), () => this.sendBatch(batch));
  }

  /** Sends a batch now, outside the chat's queue (a follow-up); paced all the same. Never rejects. */
  sendNow(batch: OutboundBatch, options: SendNowOptions = {}): Promise<SendOutcome> {
    return this.sendBatch(batch, options.slotBooked ?? false);
  }

  /**
   * Runs `work` (a call to Telegram for this chat) in the chat's turn — after the replies already
   * queued for it — and paced like a message. Rejects with the work's own error (or the pace's).
   */
  inChatTurn<T>(chatId: number, work: () => Promise<T>): Promise<T> {
    return this.queue.run(String(chatId), async () => {
      await this.options.pace.wait(chatId);
      return work();
    });
  }

  /** Resolves when every queued reply is out or given up (used at shutdown and in tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async sendBatch(batch: OutboundBatch, slotBooked = false): Promise<SendOutcome> {
    try {
      for (const [index, message] of batch.messages.entries()) {
        const outcome = await this.send(message, slotBooked && index === 0);
        if (outcome === 'blocked') {
          if (batch.identityId) await this.options.identities.setReachable(batch.identityId, false);
          this.options.logger.info({ chatId: batch.chatId, identityId: batch.identityId }, 'telegram: the customer has blocked the bot; marked unreachable');
        }
        if (outcome !== 'sent') return outcome;
      }
      return 'sent';
    } catch (error) {
      this.options.logger.error({ err: error, chatId: batch.chatId }, 'telegram: could not deliver replies');
      return 'failed';
    }
  }

  /**
   * Sends one message, split into parts if it is long; stops at the first part that cannot go out.
   * `slotBooked`: the first part's slot is already booked (see SendNowOptions).
   */
  async send(message: OutboundMessage, slotBooked = false): Promise<SendOutcome> {
    const parts = splitText(message.text);
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const outcome = await this.sendPart(message.chatId, part, last ? message.keyboard : undefined, slotBooked && index === 0);
      if (outcome !== 'sent') return outcome;
    }
    return 'sent';
  }

  private async sendPart(chatId: number, text: string, keyboard: InlineKeyboardMarkup | undefined, slotBooked: boolean): Promise<SendOutcome> {
    const { telegram, pace, logger } = this.options;
    let paced = slotBooked;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Inside the try: a pace that cannot be read (Redis away) counts as a failed try.
        if (!paced) await pace.wait(chatId);
        paced = false;
        await telegram.sendMessage(chatId, text, keyboard ? { reply_markup: keyboard } : {});
        return 'sent';
      } catch (error) {
        const code = error instanceof TelegramError ? error.code : undefined;
        if (code === 403) return 'blocked';
        const context = { err: error, chatId, attempt, code };
        if (attempt >= this.maxAttempts || (code !== undefined && code >= 400 && code < 500 && code !== 429)) {
          // A 400 (bad request, chat not found) will not get better by asking again.
          logger.error(context, 'telegram: gave up sending a message');
          return 'failed';
        }
        if (code === 429) {
          const seconds = (error as TelegramError).parameters?.retry_after ?? 1;
          logger.warn({ ...context, retryAfter: seconds }, 'telegram: flood limit hit; holding the chat as asked');
          // retry_after is the chat's: holding every chat for one chatty group would stall all
          // customers (an overall flood shows as 429s in each chat, and each holds its own).
          await pace.hold(chatId, seconds * 1000).catch(async (holdError: unknown) => {
            logger.warn({ err: holdError, chatId }, 'telegram: could not hold the chat for every instance; waiting here');
            await this.sleep(seconds * 1000);
          });
          continue;
        }
        logger.warn(context, 'telegram: sending failed; retrying');
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}
