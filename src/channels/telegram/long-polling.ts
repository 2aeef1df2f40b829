// Receives updates by long polling (getUpdates) while this instance is the one that polls, and
// stops as soon as it is told to. (telegraf's launch() cannot be stopped while it is still removing
// a webhook: it would start polling after the instance gave up the lead.) A failed call — the
// network, a 5xx, a 429, a 409 while another poller winds down — is logged and tried again after
// a pause (retry_after when Telegram gives one), as telegraf's own loop does.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { TelegramError, type Telegraf, type Telegram } from 'telegraf';

/** Seconds Telegram keeps a getUpdates open while there is nothing new. */
const POLL_TIMEOUT_S = 50;
/** Pause after a failed call that gave no retry_after. */
const RETRY_MS = 5_000;

/** telegraf types its signal as the abort-controller package's; Node's own works with the node-fetch it calls. */
type CallSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export class LongPolling {
  /** Set while polling is wanted; aborted to stop it. */
  private abort: AbortController | undefined;
  /** The poll loop under way (or finished); a new one starts after it has wound down. */
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly bot: Telegraf,
    private readonly logger: Logger,
  ) {}

  /** Starts polling, unless it is under way. */
  start(): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    this.running = this.running.then(() => this.poll(abort.signal)).catch((err: unknown) => this.logger.error({ err }, 'telegram: long polling stopped with an error'));
  }

  /** Stops polling; resolves once the updates in hand are handled and confirmed to Telegram. */
  async stop(): Promise<void> {
    this.abort?.abort();
    this.abort = undefined;
    await this.running;
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const { telegram } = this.bot;
    let offset = 0;
    let webhookRemoved = false;
    const abortable = { signal: signal as unknown as CallSignal };
    while (!signal.aborted) {
      try {
        // Telegram refuses getUpdates while a webhook is set (a webhook deployment before this one).
        if (!webhookRemoved) webhookRemoved = await telegram.callApi('deleteWebhook', {}, abortable);
        const updates = await telegram.callApi('getUpdates', { timeout: POLL_TIMEOUT_S, offset, allowed_updates: [] }, abortable);
        const last = updates.at(-1);
        if (last) offset = last.update_id + 1;
        // bot.catch logs a failed update; this catch is for anything that escapes it.
        await Promise.all(updates.map((update) => this.bot.handleUpdate(update).catch((err: unknown) => this.logger.error({ err, updateId: update.update_id }, 'telegram: an update failed'))));
      } catch (err) {
        if (signal.aborted) break;
        const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
        this.logger.warn({ err, retryAfter }, 'telegram: getUpdates failed; trying again');
        await sleep(retryAfter ? retryAfter * 1000 : RETRY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
    // Confirms the updates handled here, so whoever polls next (here or on another instance) is not handed them again.
    if (offset) await telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch((err: unknown) => this.logger.debug({ err }, 'telegram: could not confirm the last updates'));
  }
}
