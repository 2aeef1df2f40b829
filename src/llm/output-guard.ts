// Checks what the model wrote before a customer sees it. The model only phrases what the service
// decided, so a rewrite may not bring in anything new: no number, amount, date, contact detail or
// link that is not in the draft or the customer's own record, no promise the draft does not make;
// no trace of the instructions; the customer's language; about the draft's length. A rewrite that
// fails is replaced by the draft.

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

/**
 * Words that commit the company to something; a rewrite may use one only if the draft does (a
 * customer who asks for a refund does not let the rewrite grant one). Read through leetspeak.
 */
const PROMISE_WORDS =
  /refund|reimburs|compensat|money back|pay(?:ing)? (?:you )?back|paid back|cash ?back|store credit|credited|free of charge|\bfree\b|discount|voucher|coupon|gift|guarantee|bonus|approv|waive|退款|退钱|退还|返还|返现|赔偿|赔付|赔钱|补偿|免费|折扣|优惠|代金券|礼品|礼物|保证|承诺|报销|红包|打款|转账|到账|批准|奖励/giu;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const CJK = /[\u3400-\u9fff]/u;
/** E-mail addresses, links and phone numbers. */
const CONTACT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b(?:\/[^\s<>"')\]]*)?|\+?\d[\d -]{6,}\d/gi;

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
    const phone = !/@|\/|^www\./i.test(contact);
    const knownContact = knownLower.includes(contact.toLowerCase()) || (phone && digits.length >= 7 && digitsOf(known).includes(digits));
    if (!knownContact) return { ok: false, reason: 'foreign_contact', detail: `contact detail not in the draft or the customer's record: ${contact}` };
  }
  const knownNumbers = new Set(numbersOf(known));
  // While streaming, the last number may still be growing ("1" of "10"): check only finished ones.
  const numbers = numbersOf(options.partial ? text.replace(/\d+$/, '') : text);
  const foreign = numbers.find((n) => !knownNumbers.has(n) && !digitsOf(known).includes(n));
  if (foreign) return { ok: false, reason: 'new_number', detail: `number not in the draft: ${foreign}` };
  const draftWords = readLeet(ctx.draft.normalize('NFKC'));
  for (const word of readLeet(text).match(PROMISE_WORDS) ?? []) {
    if (!draftWords.includes(word)) return { ok: false, reason: 'new_promise', detail: `promise word not in the draft: ${word}` };
  }
  if (!options.partial) {
    // Measured against the draft's own mix: a Chinese draft may name an English product, and back.
    const share = cjkShare(text);
    const draftShare = cjkShare(ctx.draft);
    if (ctx.language === 'zh' && share < draftShare / 2) return { ok: false, reason: 'wrong_language', detail: 'the rewrite is not in Chinese' };
    if (ctx.language === 'en' && share > Math.max(0.2, draftShare * 2)) return { ok: false, reason: 'wrong_language', detail: 'the rewrite is not in English' };
  }
  const limit = Math.max(ctx.draft.length * 2.5, ctx.draft.length + 200);
  if (text.length > limit) return { ok: false, reason: 'too_long', detail: `${text.length} characters for a ${ctx.draft.length}-character draft` };
  return { ok: true };
}

/** Letters and digits only, lower case: quotes, spaces and punctuation do not hide a copied sentence. */
function bare(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Lower case, with digits that stand for letters ("r3fund", "fr33") read as those letters. */
function readLeet(text: string): string {
  return text.toLowerCase().replace(/(?<=\p{Script=Latin})[0134579@$]|[0134579@$](?=\p{Script=Latin})/gu, (c) => LEET[c] ?? c);
}

const WINDOW = 30;
let windowsOf: { key: string; windows: Map<string, string> } | undefined;

/** Every run of 30 letters of the instructions, also across line breaks, with the line it starts in. */
function instructionWindows(lines: readonly string[]): Map<string, string> {
  const key = lines.join('\n');
  if (windowsOf?.key === key) return windowsOf.windows;
  const windows = new Map<string, string>();
  const all = lines.map(bare).join('');
  let lineIndex = 0;
  let lineEnd = bare(lines[0] ?? '').length;
  for (let start = 0; start + WINDOW <= all.length; start += 1) {
    while (start >= lineEnd && lineIndex < lines.length - 1) lineEnd += bare(lines[++lineIndex]!).length;
    if (!windows.has(all.slice(start, start + WINDOW))) windows.set(all.slice(start, start + WINDOW), lines[lineIndex]!);
  }
  windowsOf = { key, windows };
  return windows;
}

/** The start of an instruction line of which the text copies any 30 letters in a row (at any offset), if any. */
function repeatedInstruction(text: string, lines: readonly string[]): string | undefined {
  const haystack = bare(text);
  if (haystack.length < WINDOW) return undefined;
  const windows = instructionWindows(lines);
  for (let start = 0; start + WINDOW <= haystack.length; start += 1) {
    const line = windows.get(haystack.slice(start, start + WINDOW));
    if (line !== undefined) return line.slice(0, 40);
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
