// The staff chat's alert for a new escalation, and the Claim button's callback data
// ("claim:<conversationId>", which must fit Telegram's 64 bytes).

import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Phrasebook } from '../../../domain/phrasebook.ts';
import type { Language } from '../../../domain/types.ts';
import type { StaffAlert } from './staff-claims.ts';

const PREFIX = 'claim:';
const MAX_CALLBACK_BYTES = 64;

export interface AlertMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

export function staffAlertMessage(alert: StaffAlert, phrases: Phrasebook, language: Language): AlertMessage {
  const text = phrases.say('staff_alert.new', language, {
    name: alert.customerName?.trim() || '—',
    tier: alert.tier,
    channel: alert.channel,
    reason: alert.reason,
    summary: alert.summary.split('\n')[0] ?? '',
  });
  const data = `${PREFIX}${alert.conversationId}`;
  // An id too long for a button still gets its alert; staff claim it in the console.
  if (Buffer.byteLength(data) > MAX_CALLBACK_BYTES) return { text };
  return { text, keyboard: { inline_keyboard: [[{ text: phrases.say('staff_alert.claim', language), callback_data: data }]] } };
}

/** The conversation id in a Claim button's data, or undefined when the data is something else. */
export function claimedConversationId(data: string | undefined): string | undefined {
  if (!data?.startsWith(PREFIX)) return undefined;
  const id = data.slice(PREFIX.length);
  return id.length > 0 ? id : undefined;
}
