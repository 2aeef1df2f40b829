// Claiming a conversation from the Telegram staff chat: the same takeover as the console's
// (compare-and-set, audited), for the staff member linked to the pressing Telegram user; the
// customer is told a person joined, as with a takeover in the console, and routing hands the
// claimer the next waiting conversation once this one is theirs (as a console takeover does).

import type { ClaimOutcome, StaffClaims } from '../../channels/telegram/staff-alerts/staff-claims.ts';
import type { ConversationEvents } from '../../conversation/events.ts';
import type { OutboundDelivery } from '../../conversation/outbound-delivery.ts';
import type { ConversationStore } from '../../conversation/ports.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import { hasRole } from '../auth/staff-auth.ts';
import type { ConsoleStore, StaffStore } from '../ports.ts';

export interface TelegramClaimsDeps {
  staff: StaffStore;
  store: ConsoleStore;
  conversations: ConversationStore;
  events: ConversationEvents;
  delivery: OutboundDelivery;
  phrases: Phrasebook;
  clock: () => Date;
  /** Routes the waiting conversations to whoever has room now (best effort). */
  routeWaiting: () => Promise<unknown>;
}

export class TelegramClaims implements StaffClaims {
  constructor(private readonly deps: TelegramClaimsDeps) {}

  async claim(conversationId: string, telegramUserId: string): Promise<ClaimOutcome> {
    const { staff: staffStore, store, conversations, events, delivery, phrases, clock } = this.deps;
    const staff = await staffStore.findByTelegramUserId(telegramUserId);
    if (!staff || staff.disabled) return { claimed: false, reason: 'unlinked' };
    const result = await store.takeOver(conversationId, staff.id, clock(), { overrideAssignee: hasRole(staff, 'supervisor') });
    if ('refused' in result) {
      const message =
        result.refused === 'not_found'
          ? 'That conversation no longer exists.'
          : result.refused === 'closed'
            ? 'That conversation is closed.'
            : `${result.holder.name || 'Someone else'} is handling that conversation.`;
      return { claimed: false, reason: 'refused', message };
    }
    if (!result.alreadyMine) {
      const loaded = await conversations.loadConversation(conversationId);
      if (loaded) {
        const { conversation } = loaded;
        await events.publish(conversation.id, { type: 'status', status: conversation.status }).catch(() => undefined);
        await delivery.deliver(conversation, { author: 'system', text: phrases.say('staff.joined', conversation.locale === 'zh' ? 'zh' : 'en') });
      }
      await this.deps.routeWaiting();
    }
    return { claimed: true, staffName: staff.name, alreadyMine: result.alreadyMine };
  }
}
