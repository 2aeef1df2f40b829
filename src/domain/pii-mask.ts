// Payment card and Chinese resident ID numbers in free text: the one definition of what counts as
// one, used to mask them at rest (keeping the last four, "**** **** **** 1234") and, as
// placeholders, before text goes to the language model (src/llm/pii.ts). Phone numbers and order
// or tracking numbers are never taken for one: staff need those, and order numbers are often
// long digit strings (config/policy.yaml), so a plain digit run is a card only when it passes the
// Luhn check, is not labelled as an order, and no order number was just asked for.

export type SensitiveKind = 'card' | 'id';

export interface SensitiveNumber {
  kind: SensitiveKind;
  /** Where it is in the text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

export interface SensitiveNumberOptions {
  /**
   * The bot has just asked for an order number: a bare digit run is the answer, not a card,
   * unless it is written like a card (grouped in fours) or labelled as one.
   */
  orderNumberExpected?: boolean;
}

/** A run of 13–19 digits (or an ID's 17 digits and X), not glued to letters or other digits. */
const PLAIN_RUN = /(?<![A-Za-z0-9+]|[A-Za-z0-9]-)(?:\d{17}[Xx]|\d{13,19})(?![A-Za-z0-9]|-[A-Za-z0-9])/g;
/** Card numbers as printed: 4-4-4-4 (up to 4-4-4-4-3), or American Express / Diners 4-6-5 and 4-6-4. */
const GROUPED_CARD = /(?<![A-Za-z0-9+]|\d[ -]|[A-Za-z0-9]-)(?:\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5})(?![A-Za-z0-9]|[ -]\d)/g;
/** Mainland mobile numbers, with or without the country code: a phone, never a card or an ID. */
const PHONE_DIGITS = /^(?:0{0,2}86)?1[3-9]\d{9}$/;
/** What an order, tracking or invoice number is introduced with ("order no. ", "订单号：", "运单 "). */
const ORDER_LABEL =
  /(?:order|tracking|waybill|parcel|shipment|invoice|订单|訂單|单号|單號|编号|編號|运单|運單|快递|快遞|物流|发票|發票)\s*(?:no\.?|number|num|#|id|号|號|码|碼)?\s*(?:is|was|是|为|為|:|：|#)?\s*$/i;
/** What a card or an ID number is introduced with: masked even when a typo breaks its check digit. */
const CARD_LABEL = /(?:card|visa|master\s*card|amex|unionpay|卡号|卡號|银行卡|銀行卡|信用卡|借记卡|借記卡|储蓄卡|儲蓄卡|银联|銀聯)[^\d\n]{0,12}$/i;
const ID_LABEL = /(?:身份证|身份證|证件|證件|identity|id\s*(?:card|number|no\.?))[^\d\n]{0,12}$/i;
/** How far back a label may start. */
const LABEL_REACH = 24;
/** First two digits of the provinces in a resident ID's region code. */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The card and ID numbers in `text`, in order. */
export function findSensitiveNumbers(text: string, options: SensitiveNumberOptions = {}): SensitiveNumber[] {
  // Full-width digits (from Chinese input methods) count the same; each is one UTF-16 unit, so offsets hold.
  const plain = text.replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const found: SensitiveNumber[] = [];
  for (const match of plain.matchAll(GROUPED_CARD)) {
    const digits = match[0].replace(/\D/g, '');
    const before = plain.slice(Math.max(0, match.index - LABEL_REACH), match.index);
    if (digits.length < 13 || digits.length > 19 || ORDER_LABEL.test(before)) continue;
    if (luhn(digits) || CARD_LABEL.test(before)) found.push({ kind: 'card', start: match.index, end: match.index + match[0].length });
  }
  for (const match of plain.matchAll(PLAIN_RUN)) {
    const kind = plainRunKind(match[0], plain.slice(Math.max(0, match.index - LABEL_REACH), match.index), options);
    const span = { start: match.index, end: match.index + match[0].length };
    if (kind && !found.some((f) => f.start < span.end && span.start < f.end)) found.push({ kind, ...span });
  }
  return found.sort((a, b) => a.start - b.start);
}

function plainRunKind(run: string, before: string, options: SensitiveNumberOptions): SensitiveKind | undefined {
  if (ORDER_LABEL.test(before) || PHONE_DIGITS.test(run)) return undefined;
  const idLabelled = ID_LABEL.test(before) && (run.length === 15 || run.length === 18);
  // A valid ID (birth date and check digit) is never an order number by chance.
  if ((run.length === 18 && isResidentId(run)) || idLabelled) return 'id';
  if (/[Xx]$/.test(run)) return undefined;
  const cardLabelled = CARD_LABEL.test(before);
  if (options.orderNumberExpected && !cardLabelled) return undefined;
  if (run.length === 15 && isOldResidentId(run)) return 'id';
  if (luhn(run) || cardLabelled) return 'card';
  return undefined;
}

/** Replaces each card and ID number's digits with * except the last four; separators stay. */
export function maskSensitiveNumbers(text: string, options: SensitiveNumberOptions = {}): string {
  const found = findSensitiveNumbers(text, options);
  if (!found.length) return text;
  let out = '';
  let from = 0;
  for (const { start, end } of found) {
    out += text.slice(from, start) + maskKeepingLastFour(text.slice(start, end));
    from = end;
  }
  return out + text.slice(from);
}

function maskKeepingLastFour(number: string): string {
  let keep = 4;
  const chars = [...number];
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    if (!/[0-9０-９XxＸｘ]/.test(chars[i]!)) continue;
    if (keep > 0) keep -= 1;
    else chars[i] = '*';
  }
  return chars.join('');
}

/** The Luhn (mod 10) check every payment card number passes. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** An 18-character resident ID (GB 11643): a province, a real birth date and the ISO 7064 check character. */
function isResidentId(id: string): boolean {
  if (!PROVINCES.has(Number(id.slice(0, 2))) || !isBirthDate(id.slice(6, 14))) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** A 15-digit ID of the first generation: a province and a birth date (19yymmdd), no check digit. */
function isOldResidentId(id: string): boolean {
  return PROVINCES.has(Number(id.slice(0, 2))) && isBirthDate(`19${id.slice(6, 12)}`);
}

function isBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
