// A Claim press in the staff chat: takes the conversation over for the staff member linked to the
// pressing Telegram user, answers the press, and tells the chat who took it. Unlinked users are
// asked to link their Telegram account in the console first.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Phrasebook } from '../../../domain/phrasebook.ts';
import { languageOf } from '../inbound-update.ts';
import type { OutboundSender } from '../outbound-sender.ts';
import { claimedConversationId } from './staff-alert-message.ts';
import type { StaffClaims } from './staff-claims.ts';

export interface ClaimCallbackDeps {
  staffChatId: number;
  claims: StaffClaims;
  telegram: Telegram;
  sender: OutboundSender;
  phrases: Phrasebook;
  logger: Logger;
}

export class ClaimCallback {
  constructor(private readonly deps: ClaimCallbackDeps) {}

  /** True for a Claim press in the staff chat; those are this handler's, nobody else's. */
  handles(update: Update): boolean {
    if (!('callback_query' in update)) return false;
    const query = update.callback_query;
    return query.message?.chat.id === this.deps.staffChatId && claimedConversationId('data' in query ? query.data : undefined) !== undefined;
  }

  async handle(update: Update): Promise<void> {
    if (!('callback_query' in update)) return;
    const query = update.callback_query;
    const conversationId = claimedConversationId('data' in query ? query.data : undefined);
    if (!conversationId) return;
    const { claims, phrases, logger } = this.deps;
    const language = languageOf(query.from.language_code) ?? 'en';
    const outcome = await claims.claim(conversationId, String(query.from.id));
    let answer: string;
    if (outcome.claimed) {
      answer = phrases.say('staff_alert.claimed', language);
      if (!outcome.alreadyMine) {
        const notice = phrases.say('staff_alert.claimed_notice', language, { staff: outcome.staffName });
        void this.deps.sender.enqueue({ chatId: this.deps.staffChatId, messages: [{ chatId: this.deps.staffChatId, text: notice }] });
      }
    } else if (outcome.reason === 'unlinked') {
      answer = phrases.say('staff_alert.unlinked', language);
    } else {
      answer = outcome.message;
    }
    logger.info({ conversationId, telegramUserId: query.from.id, claimed: outcome.claimed }, 'telegram: claim pressed in the staff chat');
    await this.deps.telegram.answerCbQuery(query.id, answer, { show_alert: !outcome.claimed }).catch((err: unknown) => logger.warn({ err }, 'telegram: could not answer a claim press'));
  }
}
