// Tells people about an SLA breach: every open console (a live event, shown as an alert), the
// Telegram staff chat when one is configured, the webhook receivers subscribed to
// conversation.sla_breached, and the breach counter. And tells a waiting customer of the delay
// on their own channel. Each is best effort: one that fails is logged and the others still go out.

import type { Logger } from 'pino';
import type { OutboundDelivery } from '../conversation/outbound-delivery.ts';
import type { ConversationStore } from '../conversation/ports.ts';
import { formatDateTime, type Phrasebook } from '../domain/phrasebook.ts';
import type { SlaKind, SlaTimer } from '../domain/sla/sla-timer.ts';
import type { Tier } from '../domain/types.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';
import type { SlaEvents } from './sla-events.ts';
import type { DelayNotice } from './sla-monitor.ts';
import type { SlaConversation } from './sla-ports.ts';

/** Counts breaches (Prometheus care_sla_breaches_total{kind,tier}). */
export interface SlaMetrics {
  breached(kind: SlaKind, tier: Tier): void;
}

export interface SlaAlertsDeps {
  events: SlaEvents;
  webhooks: WebhookEvents;
  phrases: Phrasebook;
  logger: Logger;
  staffChat?: ((text: string) => Promise<void>) | undefined;
  metrics?: SlaMetrics | undefined;
}

/** Staff texts outside the console are in English, as the escalation alerts are. */
const STAFF_CHAT_LANGUAGE = 'en';
const KIND_WORDS: Record<SlaKind, string> = { first_reply: 'first reply', resolution: 'resolution' };

export function slaBreachAlerts(deps: SlaAlertsDeps): (conversation: SlaConversation, timer: SlaTimer) => Promise<void> {
  const { logger } = deps;
  return async (conversation, timer) => {
    deps.metrics?.breached(timer.kind, conversation.tier);
    deps.webhooks.emit('conversation.sla_breached', {
      conversationId: conversation.id,
      customerId: conversation.customerId,
      channel: conversation.channel,
      kind: timer.kind,
      tier: conversation.tier,
      status: conversation.status,
      targetMinutes: timer.targetMinutes,
      dueAt: timer.dueAt.toISOString(),
      ...(conversation.assignedStaffId ? { staffId: conversation.assignedStaffId } : {}),
    });
    const live = deps.events
      .publish({
        type: 'breached',
        conversationId: conversation.id,
        kind: timer.kind,
        tier: conversation.tier,
        status: conversation.status,
        dueAt: timer.dueAt.toISOString(),
        targetMinutes: timer.targetMinutes,
        assignedStaffId: conversation.assignedStaffId,
      })
      .catch((err: unknown) => logger.warn({ err, conversationId: conversation.id }, 'sla: could not tell the consoles about a breach'));
    const chat = deps.staffChat;
    const telegram = chat
      ? chat(
          deps.phrases.say('staff_alert.sla_breached', STAFF_CHAT_LANGUAGE, {
            kind: KIND_WORDS[timer.kind],
            target: timer.targetMinutes,
            tier: conversation.tier,
            conversation: conversation.id,
            status: conversation.status,
          }),
        ).catch((err: unknown) => logger.warn({ err, conversationId: conversation.id }, 'sla: could not post a breach to the staff chat'))
      : undefined;
    await Promise.all([live, telegram]);
  };
}

/** The delay notice in the customer's language, delivered as the console delivers its notices. */
export function delayNotices(deps: {
  conversations: Pick<ConversationStore, 'loadConversation'>;
  delivery: OutboundDelivery;
  phrases: Phrasebook;
  logger: Logger;
}): (notice: DelayNotice) => Promise<void> {
  return async ({ conversation, promisedMinutes, position, estimate }) => {
    const loaded = await deps.conversations.loadConversation(conversation.id);
    if (!loaded) return;
    const { language, timezone } = conversation;
    const vars = { promised: promisedMinutes, position };
    const text =
      estimate.minutes !== undefined
        ? deps.phrases.say('waiting.delay_notice', language, { ...vars, minutes: estimate.minutes })
        : deps.phrases.say('waiting.delay_notice_at', language, { ...vars, time: formatDateTime(estimate.at, language, timezone) });
    const { delivered } = await deps.delivery.deliver(loaded.conversation, { author: 'system', text });
    if (!delivered) deps.logger.warn({ conversationId: conversation.id }, 'sla: the delay notice was stored but could not reach the customer');
  };
}
