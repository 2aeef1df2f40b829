// Tells everyone concerned about an approval request once it is stored: every open console (the
// live `approval` event), the Telegram staff chat when one is configured (a new request), webhook
// receivers of approval.decided (a decision), and the customer, honestly and in their language, on
// their own channel. Each is best effort: one that fails is logged and the others still go out.

import type { Logger } from 'pino';
import type { OutboundDelivery } from '../../conversation/outbound-delivery.ts';
import type { ConversationStore } from '../../conversation/ports.ts';
import { approvalNotice } from '../../domain/approval-notice.ts';
import { formatMoney, type Phrasebook } from '../../domain/phrasebook.ts';
import type { WebhookEvents } from '../../webhooks/webhook-events.ts';
import { approvalWire } from '../routes/approval-wire.ts';
import type { ApprovalEvent, ApprovalEvents } from './approval-events.ts';
import type { ApprovalRecord } from './approval-ports.ts';

/** Staff texts outside the console are in English, as the escalation and SLA alerts are. */
const STAFF_CHAT_LANGUAGE = 'en';

export interface ApprovalAnnouncerDeps {
  events: ApprovalEvents;
  conversations: Pick<ConversationStore, 'loadConversation'>;
  /** The console's delivery: the notice is stored as a system message and sent on the customer's channel. */
  delivery: OutboundDelivery;
  phrases: Phrasebook;
  webhooks: WebhookEvents;
  logger: Logger;
  staffChat?: ((text: string) => Promise<void>) | undefined;
}

export class ApprovalAnnouncer {
  constructor(private readonly deps: ApprovalAnnouncerDeps) {}

  /** Call after the change is committed; resolves with whether the customer's channel took the notice. */
  async announce(type: ApprovalEvent['type'], approval: ApprovalRecord): Promise<boolean> {
    const { logger } = this.deps;
    const live = this.deps.events.publish({ type, approval: approvalWire(approval) }).catch((err: unknown) => logger.warn({ err, approvalId: approval.id }, 'approvals: could not tell the consoles'));
    if (type === 'requested') {
      const [delivered] = await Promise.all([this.tellCustomer(type, approval), live, this.alertStaffChat(approval)]);
      return delivered;
    }
    this.deps.webhooks.emit('approval.decided', {
      approvalId: approval.id,
      caseId: approval.caseId,
      customerId: approval.customerId,
      ...(approval.conversationId ? { conversationId: approval.conversationId } : {}),
      kind: approval.kind,
      amountCents: approval.amountCents,
      currency: approval.currency,
      capCents: approval.capCents,
      decision: type,
      requestedById: approval.requestedBy.id,
      decidedById: approval.decidedBy?.id ?? '',
      ...(approval.commitmentId ? { commitmentId: approval.commitmentId } : {}),
    });
    const [delivered] = await Promise.all([this.tellCustomer(type, approval), live]);
    return delivered;
  }

  private async tellCustomer(type: ApprovalEvent['type'], approval: ApprovalRecord): Promise<boolean> {
    const { logger } = this.deps;
    if (!approval.conversationId) return false;
    try {
      const loaded = await this.deps.conversations.loadConversation(approval.conversationId);
      if (!loaded) return false;
      const language = loaded.conversation.locale === 'zh' ? 'zh' : 'en';
      const text = approvalNotice(this.deps.phrases, type, approval, language, loaded.customer.timezone);
      const { delivered } = await this.deps.delivery.deliver(loaded.conversation, { author: 'system', text });
      if (!delivered) logger.warn({ approvalId: approval.id, conversationId: approval.conversationId }, 'approvals: the notice was stored but could not reach the customer');
      return delivered;
    } catch (err) {
      logger.warn({ err, approvalId: approval.id, conversationId: approval.conversationId }, 'approvals: could not tell the customer');
      return false;
    }
  }

  private async alertStaffChat(approval: ApprovalRecord): Promise<void> {
    const { staffChat, phrases, logger } = this.deps;
    if (!staffChat) return;
    const money = (cents: number) => formatMoney(cents, approval.currency, STAFF_CHAT_LANGUAGE);
    const text = phrases.say(`staff_alert.approval_requested.${approval.kind}`, STAFF_CHAT_LANGUAGE, {
      staff: approval.requestedBy.name,
      amount: money(approval.amountCents),
      case: approval.caseId,
      cap: approval.capCents !== null ? money(approval.capCents) : phrases.say('staff_alert.approval_no_cap', STAFF_CHAT_LANGUAGE),
    });
    await staffChat(text).catch((err: unknown) => logger.warn({ err, approvalId: approval.id }, 'approvals: could not post the request to the staff chat'));
  }
}
