// The staff's Telegram chat (STAFF_TELEGRAM_CHAT_ID), as the app's channel and a send-only worker
// both reach it: new escalations with a Claim button (in English; the Claim answers follow the
// presser's app language) and plain notices (crisis signals, SLA breaches, approvals), through
// the same paced sender as every other Telegram message (a group: 20 a minute across instances).

import type { Phrasebook } from '../../domain/phrasebook.ts';
import type { StaffChat } from '../channel.ts';
import type { OutboundSender } from './outbound-sender.ts';
import { staffAlertMessage } from './staff-alerts/staff-alert-message.ts';

/** Staff alerts are written in English. */
const ALERT_LANGUAGE = 'en';

export function telegramStaffChat(chatId: number, sender: OutboundSender, phrases: Phrasebook): StaffChat {
  return {
    async alert(alert) {
      const { text, keyboard } = staffAlertMessage(alert, phrases, ALERT_LANGUAGE);
      await sender.enqueue({ chatId, messages: [{ chatId, text, ...(keyboard ? { keyboard } : {}) }] });
    },
    async notice(text) {
      await sender.enqueue({ chatId, messages: [{ chatId, text }] });
    },
  };
}
