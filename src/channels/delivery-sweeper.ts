// Sends again what was committed but never confirmed sent: a reply whose process died between the
// turn's commit and the channel's answer, a staff message caught by a restart, a send that failed
// for a while. Every app instance sweeps; a message is claimed by one of them at a time (the
// store holds it for `holdMs`), so it goes out once per try. Messages of one conversation go
// together, in order. A channel that gives up (blocked bot, conversation gone), or a message still
// failing after `maxAttempts` sweeps, is reported undeliverable: staff see it and the conversation
// goes to the queue.

import type { Logger } from 'pino';
import type { Channel } from './channel.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';

/** A sweeper holds the messages it claimed this long at least: a try (pacing and retries included) ends well within it. */
export const DELIVERY_CLAIM_HOLD_MS = 120_000;

export interface WaitingDelivery {
  id: number;
  conversationId: string;
  text: string;
  choices?: string[];
  attempts: number;
  channel: string;
  identityId: string;
  externalId: string;
}

export interface DeliverySweeperDeps {
  store: { claimDue(channels: readonly string[], now: Date, holdUntil: Date, limit: number): Promise<WaitingDelivery[]> };
  ledger: DeliveryLedger;
  /** The channels running in this process (known once the server exists). */
  channels: () => readonly Channel[];
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
  /** A claimed message is this sweeper's for so long; then it is due again. */
  holdMs: number;
  maxAttempts: number;
  /** Messages taken per pass. */
  batch?: number;
}

export class DeliverySweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DeliverySweeperDeps) {}

  /** Sweeps now (what a restart left waiting), then every `intervalMs`; a pass never overlaps the last. */
  start(): void {
    if (this.timer) return;
    const pass = () => {
      this.running = this.running.then(() => this.sweepOnce()).catch((error: unknown) => this.deps.logger.error({ err: error }, 'delivery sweep failed'));
    };
    this.timer = setInterval(pass, this.deps.intervalMs);
    this.timer.unref();
    pass();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: claims what is due on this process's channels and sends it. Returns how many messages it took. */
  async sweepOnce(): Promise<number> {
    const { store, clock, holdMs, batch = 100 } = this.deps;
    const channels = this.deps.channels().filter((channel) => !channel.outbound.deliversOnRecord);
    const now = clock();
    const due = await store.claimDue(
      channels.map((channel) => channel.name),
      now,
      new Date(now.getTime() + holdMs),
      batch,
    );
    const byConversation = new Map<string, WaitingDelivery[]>();
    for (const message of due) byConversation.set(message.conversationId, [...(byConversation.get(message.conversationId) ?? []), message]);
    await Promise.all([...byConversation.values()].map((messages) => this.send(channels, messages)));
    return due.length;
  }

  private async send(channels: readonly Channel[], messages: WaitingDelivery[]): Promise<void> {
    const { ledger, logger, maxAttempts } = this.deps;
    const first = messages[0]!;
    const ids = messages.map((message) => message.id);
    const channel = channels.find((c) => c.name === first.channel);
    if (!channel) return; // claimed only for running channels; stopped meanwhile: due again later
    const outcome = await channel.outbound.send(
      { identityId: first.identityId, externalId: first.externalId },
      messages.map((message) => ({ text: message.text, ...(message.choices ? { choices: message.choices } : {}) })),
      { mode: 'live', key: `message:${first.id}` },
    );
    if (outcome.status === 'sent') {
      logger.info({ conversationId: first.conversationId, messageIds: ids, channel: first.channel }, 'sent a message its channel had not confirmed');
      return ledger.delivered(ids);
    }
    const spent = messages.some((message) => message.attempts >= maxAttempts);
    if (outcome.status === 'unreachable' || spent) {
      return ledger.undeliverable(first.conversationId, ids, spent && outcome.status === 'failed' ? `${outcome.reason} (gave up after ${maxAttempts} tries)` : outcome.reason);
    }
    logger.warn({ conversationId: first.conversationId, messageIds: ids, reason: outcome.reason }, 'could not send a waiting message; trying again later');
  }
}
