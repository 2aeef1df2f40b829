// What the customer is told about a refund or voucher waiting for a supervisor's approval: that it
// waits (never a promise it will be approved), then what was agreed and when, or that it could not
// be approved and a person will talk about other options. Amounts and times as the bot writes them.

import type { AmountKind } from './policy.ts';
import { formatDateTime, formatMoney, type Phrasebook } from './phrasebook.ts';
import type { Language } from './types.ts';

export type ApprovalNoticeKind = 'requested' | 'approved' | 'refused';

export interface ApprovalTerms {
  kind: AmountKind;
  amountCents: number;
  currency: string;
  dueAt: Date;
  description: string;
}

/** The sentence for the customer, in their language; due times in their time zone. */
export function approvalNotice(phrases: Phrasebook, notice: ApprovalNoticeKind, terms: ApprovalTerms, language: Language, timeZone: string): string {
  const amount = formatMoney(terms.amountCents, terms.currency, language);
  if (notice !== 'approved') return phrases.say(`approval.${notice}.${terms.kind}`, language, { amount });
  const due = formatDateTime(terms.dueAt, language, timeZone);
  // The same words as the commitments the bot reads back after a handoff (after_people.commitments).
  const commitment = phrases.say(`commitment.${terms.kind}`, language, { amount, due, description: terms.description });
  return phrases.say('approval.approved', language, { commitment });
}
