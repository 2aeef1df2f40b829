// Checks what the model wrote before a customer sees it. The model only phrases what the service
// decided, so a rewrite may not bring in anything new: no number, amount, date, contact detail or
// promise that is not in the draft or the customer's own record; no trace of the instructions;
// the customer's language; about the draft's length. A rewrite that fails is replaced by the draft.

import type { Language } from '../domain/types.ts';

export type GuardVerdict = { ok: true } | { ok: false; reason: GuardReason; detail: string };
export type GuardReason = 'empty' | 'disclosure' | 'new_number' | 'foreign_contact' | 'new_promise' | 'wrong_language' | 'too_long';

export interface GuardContext {
  language: Language;
  /** The text the service decided on. */
  draft: string;
  /** What the customer's own record and message may contribute (their name, order numbers, phone…). */
  allowedFacts: readonly string[];
  canary: string;
  /** The instructions' sentences: a reply may not repeat them. */
  instructionLines: readonly string[];
}

/** Words that commit the company to something; a rewrite may use one only if the draft does. */
const PROMISE_WORDS = /refund|reimburs|compensat|free of charge|\bfree\b|discount|voucher|coupon|gift|guarantee|退款|退钱|赔偿|补偿|免费|折扣|优惠券|代金券|礼品|保证|承诺/giu;
const CJK = /[\u3400-\u9fff]/u;
const CONTACT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d -]{6,}\d/g;

export function checkRewrite(candidate: string, ctx: GuardContext, options: { partial?: boolean } = {}): GuardVerdict {
  const text = candidate.normalize('NFKC');
  if (!options.partial && !text.trim()) return { ok: false, reason: 'empty', detail: 'the rewrite is empty' };
  if (text.includes(ctx.canary)) return { ok: false, reason: 'disclosure', detail: 'the rewrite contains the instructions’ reference token' };
  const leaked = repeatedInstruction(text, ctx.instructionLines);
  if (leaked) return { ok: false, reason: 'disclosure', detail: `the rewrite repeats the instructions: "${leaked}…"` };
  const known = [ctx.draft, ...ctx.allowedFacts].join('\n').normalize('NFKC');
  const knownLower = known.toLowerCase();
  for (const contact of text.match(CONTACT) ?? []) {
    const digits = digitsOf(contact);
    // A phone number may be written with other spacing than in the record: compare its digits.
    const knownContact = knownLower.includes(contact.toLowerCase()) || (!contact.includes('@') && digits.length >= 7 && digitsOf(known).includes(digits));
    if (!knownContact) return { ok: false, reason: 'foreign_contact', detail: `contact detail not in the draft or the customer's record: ${contact}` };
  }
  const knownNumbers = new Set(numbersOf(known));
  // While streaming, the last number may still be growing ("1" of "10"): check only finished ones.
  const numbers = numbersOf(options.partial ? text.replace(/\d+$/, '') : text);
  const foreign = numbers.find((n) => !knownNumbers.has(n) && !digitsOf(known).includes(n));
  if (foreign) return { ok: false, reason: 'new_number', detail: `number not in the draft: ${foreign}` };
  for (const word of text.match(PROMISE_WORDS) ?? []) {
    if (!knownLower.includes(word.toLowerCase())) return { ok: false, reason: 'new_promise', detail: `promise word not in the draft: ${word}` };
  }
  if (!options.partial) {
    const draftHasCjk = CJK.test(ctx.draft);
    if (ctx.language === 'zh' && draftHasCjk && !CJK.test(text)) return { ok: false, reason: 'wrong_language', detail: 'the rewrite is not in Chinese' };
    if (ctx.language === 'en' && !draftHasCjk && cjkShare(text) > 0.2) return { ok: false, reason: 'wrong_language', detail: 'the rewrite is not in English' };
  }
  const limit = Math.max(ctx.draft.length * 2.5, ctx.draft.length + 200);
  if (text.length > limit) return { ok: false, reason: 'too_long', detail: `${text.length} characters for a ${ctx.draft.length}-character draft` };
  return { ok: true };
}

/** Letters and digits only, lower case: quotes, spaces and punctuation do not hide a copied sentence. */
function bare(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const WINDOW = 30;

/** The start of an instruction sentence of which the text copies any 30 letters in a row, if any. */
function repeatedInstruction(text: string, lines: readonly string[]): string | undefined {
  const haystack = bare(text);
  if (haystack.length < WINDOW) return undefined;
  for (const line of lines) {
    const needle = bare(line);
    for (let start = 0; start + WINDOW <= needle.length; start += 10) {
      if (haystack.includes(needle.slice(start, start + WINDOW))) return line.slice(0, 40);
    }
  }
  return undefined;
}

function numbersOf(text: string): string[] {
  return (text.match(/\d+(?:[.,]\d+)*/g) ?? []).map((n) => n.replace(/,/g, ''));
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function cjkShare(text: string): number {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  return letters.length ? letters.filter((c) => CJK.test(c)).length / letters.length : 0;
}
