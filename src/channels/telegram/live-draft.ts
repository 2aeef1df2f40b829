// LLM mode on Telegram: a long reply appears as it is written — one message, sent with the first
// words and edited in place as more arrive (at most once a second, Telegram's pace for a chat),
// then edited one last time into the reply as stored. Each call takes its turn in the chat's
// queue and pace, behind replies still on their way. If anything fails the reply is simply sent.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';

const EDIT_EVERY_MS = 1000;

export class LiveDraft {
  private messageId: number | undefined;
  private latest = '';
  private shown = '';
  private timer: NodeJS.Timeout | undefined;
  private work: Promise<void> = Promise.resolve();
  private failed = false;

  constructor(
    private readonly telegram: Telegram,
    private readonly chatId: number,
    private readonly logger: Logger,
    /** Runs a call in the chat's turn and pace (after replies still queued for it). */
    private readonly inChatTurn: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  /** The reply as written so far. */
  update(text: string): void {
    if (this.failed || !text.trim()) return;
    this.latest = text;
    if (this.messageId === undefined && this.shown === '') {
      this.shown = text;
      this.work = this.work.then(() => this.send(text));
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.work = this.work.then(() => this.edit(this.latest));
    }, EDIT_EVERY_MS);
  }

  /**
   * Turns the draft into the final reply. True when it did (the reply need not be sent again);
   * false when there was no draft or it could not be edited.
   */
  async finish(finalText: string, keyboard?: InlineKeyboardMarkup): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.work;
    if (this.messageId === undefined || this.failed) return false;
    try {
      const messageId = this.messageId;
      if (finalText !== this.shown || keyboard) await this.inChatTurn(() => this.telegram.editMessageText(this.chatId, messageId, undefined, finalText, keyboard ? { reply_markup: keyboard } : {}));
      return true;
    } catch (err) {
      this.logger.warn({ err, chatId: this.chatId }, 'telegram: could not finish a live draft; sending the reply instead');
      return false;
    }
  }

  private async send(text: string): Promise<void> {
    try {
      this.messageId = (await this.inChatTurn(() => this.telegram.sendMessage(this.chatId, text))).message_id;
    } catch (err) {
      this.failed = true;
      this.logger.warn({ err, chatId: this.chatId }, 'telegram: could not start a live draft');
    }
  }

  private async edit(text: string): Promise<void> {
    if (this.messageId === undefined || this.failed || text === this.shown) return;
    const messageId = this.messageId;
    try {
      await this.inChatTurn(() => this.telegram.editMessageText(this.chatId, messageId, undefined, text));
      this.shown = text;
    } catch (err) {
      this.logger.debug({ err, chatId: this.chatId }, 'telegram: a live draft edit failed');
    }
  }
}
