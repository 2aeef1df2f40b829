// Tells people about a new crisis signal: every open console (a live event, shown as a banner),
// the Telegram staff chat when one is configured, and the webhook receivers subscribed to
// crisis.detected. Each is best effort: one that fails is logged and the others still go out.

import type { Logger } from 'pino';
import type { Phrasebook } from '../domain/phrasebook.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';
import type { CrisisEvents } from './crisis-events.ts';
import type { CrisisStore, NewSignal } from './crisis-ports.ts';

/** Posts a text to the staff chat (STAFF_TELEGRAM_CHAT_ID). */
export type StaffChatNotice = (text: string) => Promise<void>;

export interface CrisisAlertsDeps {
  events: CrisisEvents;
  webhooks: WebhookEvents;
  store: Pick<CrisisStore, 'dominantCategory'>;
  phrases: Phrasebook;
  logger: Logger;
  /** The detector's window, for the texts ("in the last hour") and the webhook's category. */
  windowMs: number;
  staffChat?: StaffChatNotice | undefined;
}

/** Staff texts outside the console are in English, as the escalation alerts are. */
const STAFF_CHAT_LANGUAGE = 'en';

export function crisisAlerts(deps: CrisisAlertsDeps): (signal: NewSignal, detectedAt: Date) => Promise<void> {
  const { logger } = deps;
  return async (signal, detectedAt) => {
    const expected = Math.round(signal.expected * 10) / 10;
    const live = deps.events
      .publish({
        type: 'detected',
        signal: { id: signal.id, dimension: signal.dimension, key: signal.key, count: signal.count, expected, detectedAt: detectedAt.toISOString(), windowMinutes: Math.round(deps.windowMs / 60_000) },
      })
      .catch((err: unknown) => logger.warn({ err, signalId: signal.id }, 'crisis: could not tell the consoles about a new signal'));
    const webhook = (async () => {
      const category = (await deps.store.dominantCategory(signal.dimension, signal.key, new Date(detectedAt.getTime() - deps.windowMs))) ?? 'other';
      deps.webhooks.emit('crisis.detected', {
        signalId: signal.id,
        dimension: signal.dimension,
        key: signal.key,
        category,
        ...(signal.dimension === 'product' ? { product: signal.key } : {}),
        ...(signal.dimension === 'keyword' ? { keyword: signal.key } : {}),
        count: signal.count,
        expected,
        baseline: expected,
      });
    })().catch((err: unknown) => logger.warn({ err, signalId: signal.id }, 'crisis: could not announce a new signal to the webhooks'));
    const chat = deps.staffChat;
    const telegram = chat
      ? chat(
          deps.phrases.say('staff_alert.crisis', STAFF_CHAT_LANGUAGE, {
            topic: `${signal.dimension}: ${signal.key}`,
            count: signal.count,
            expected,
            window: windowText(deps.windowMs),
          }),
        ).catch((err: unknown) => logger.warn({ err, signalId: signal.id }, 'crisis: could not post a new signal to the staff chat'))
      : undefined;
    await Promise.all([live, webhook, telegram]);
  };
}

/** "hour", "2 hours", "30 minutes": the window as the staff chat says it. */
export function windowText(windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  if (minutes % 60 !== 0) return `${minutes} minutes`;
  const hours = minutes / 60;
  return hours === 1 ? 'hour' : `${hours} hours`;
}
