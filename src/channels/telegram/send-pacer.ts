// Keeps outbound messages under Telegram's flood limits: at most one message per chat per
// interval and a number per second overall. The pacer lives in this process only: with several
// app instances sending for one bot, each keeps its own count (lower the limits to share them).

export interface PacerOptions {
  /** Minimum gap between two messages to the same chat (ms). */
  perChatIntervalMs: number;
  /** Messages per second across all chats; spread evenly, so no bursts. */
  globalPerSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class SendPacer {
  private readonly nextForChat = new Map<string, number>();
  /** Send times reserved across all chats, ascending; a new one keeps a global gap to each. */
  private reserved: number[] = [];
  private readonly globalGapMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.globalGapMs = 1000 / options.globalPerSecond;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a message to `chatId` may go out; the slot is reserved at once, so callers never collide. */
  async wait(chatId: string): Promise<void> {
    const now = this.now();
    const slot = this.reserveGlobal(now, Math.max(now, this.nextForChat.get(chatId) ?? 0));
    this.nextForChat.set(chatId, slot + this.options.perChatIntervalMs);
    this.forgetIdleChats(now);
    if (slot > now) await this.sleep(slot - now);
  }

  /** Pushes a chat's next slot back, e.g. when Telegram answered 429 with retry_after. */
  holdChat(chatId: string, ms: number): void {
    this.nextForChat.set(chatId, Math.max(this.nextForChat.get(chatId) ?? 0, this.now() + ms));
  }

  /**
   * The earliest time from `earliest` that keeps one global gap to every reserved send. A chat
   * waiting for its own interval holds only its own slot, so other chats are not held up behind it.
   */
  private reserveGlobal(now: number, earliest: number): number {
    const gap = this.globalGapMs;
    this.reserved = this.reserved.filter((time) => time > now - gap);
    let slot = earliest;
    for (const time of this.reserved) {
      if (time <= slot - gap) continue;
      if (time >= slot + gap) break;
      slot = time + gap;
    }
    const at = this.reserved.findIndex((time) => time > slot);
    this.reserved.splice(at === -1 ? this.reserved.length : at, 0, slot);
    return slot;
  }

  /** Chats whose slot has passed need no entry; keeps the map from growing with every customer. */
  private forgetIdleChats(now: number): void {
    if (this.nextForChat.size < 10_000) return;
    for (const [chat, next] of this.nextForChat) if (next <= now) this.nextForChat.delete(chat);
  }
}
