// Rule-based entity extraction: order numbers, phones, emails, dates, amounts, choice numbers.
// Pure functions over the text, the same for both languages.

import { EMAILS_IN_TEXT, normalizeEmail } from '../email.ts';
import { normalizePhone } from '../phone.ts';
import type { Entities } from '../types.ts';
import { orderNumberReader, type OrderNumberReader } from './order-numbers.ts';
import { DEFAULT_ORDER_NUMBER_FORMATS } from '../policy.ts';

const CN_MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const INTL_PHONE = /(?<![\w\d])\+\d{1,3}[-\s]?\(?\d{2,4}\)?(?:[-\s]?\d{2,4}){2,3}(?!\d)/g;
const HOTLINE = /(?<!\d)400-?\d{3}-?\d{4}(?!\d)/g;
/** For callers without a policy at hand. */
const DEFAULT_ORDER_NUMBERS = orderNumberReader(DEFAULT_ORDER_NUMBER_FORMATS);
const ISO_DATE = /\b(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
const ZH_DATE = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]/g;
const EN_MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const EN_DATE = new RegExp(`\\b(?:(${EN_MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?|(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${EN_MONTHS}))\\b`, 'gi');
const EN_MONTH_NUMBER: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const RELATIVE_DATE =
  /\b(today|yesterday|the day before yesterday|last week|last month|this morning|this afternoon|this evening|last night|tonight|yesterday (?:morning|afternoon|evening)|last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|(?:上个?|这个?|本)?(?:周|星期|礼拜)[一二三四五六日天]|今天|昨天|前天|今早|昨晚|上周|上个月|上星期|这周|本周|前几天|刚才|早上|上午|中午|下午|晚上/gi;
/** A number as customers write money: 1299, 1,299.00, 1299.5, 1.2k. */
const MONEY = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?k?`;
const AMOUNT = new RegExp(String.raw`(?:([¥$€£]|rmb|cny|usd)\s?(${MONEY})|(${MONEY})\s?(元|块|rmb|yuan|dollars?|usd|cny|eur))`, 'gi');
/** 11/28: a month and day (not a fraction: the month is 1–12, the day 1–31). */
const SLASH_DATE = /(?<![\d/])(1[0-2]|0?[1-9])\/(3[01]|[12]\d|0?[1-9])(?![\d/])/g;
const CHOICE_NUMBER =
  /^(?:(?:option|choice|number|no\.?|#)\s*)?([1-3])(?:st|nd|rd)?(?:\s*one)?$|^(?:第)?([一二三123])(?:个|種|种|项|号|條|条)?$|^(?:the\s+)?(first|second|third|last|1st|2nd|3rd)(?:\s+(?:one|option))?$|^(最后一个|最后那个|最后一项)$/i;
/** Words around a choice that do not change it: "I'll take the second one please", "就第二个吧". */
const CHOICE_WRAPPING =
  /^(?:i'?ll (?:take|go with|have)|i (?:choose|pick|want|prefer)|let'?s (?:go with|do)|go with|ok,?|okay,?|um+,?|我选|选|要|就|那就|我要)\s*|\s*(?:please|pls|then|i guess|i think|吧|就行|就好|好了|可以)$/gi;
const EN_NAME = /\bmy name is ([A-Z][a-z]+(?: [A-Z][a-z]+)?)/;
const ZH_NAME = /我(?:叫|的名字是)\s*(\p{Script=Han}{2,4}?)(?=[，。,.!！\s]|$)/u;
const ZH_NUMBER: Record<string, number> = { 一: 1, 二: 2, 三: 3, '1': 1, '2': 2, '3': 3 };
const EN_ORDINAL: Record<string, number> = { first: 1, second: 2, third: 3, '1st': 1, '2nd': 2, '3rd': 3, last: -1 };
const CURRENCY: Record<string, string> = {
  '¥': 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  元: 'CNY',
  块: 'CNY',
  yuan: 'CNY',
  $: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '£': 'GBP',
};

/** Extracts every rule-based entity of a message; order numbers in the formats `readOrderNumbers` knows. */
export function extractEntities(text: string, readOrderNumbers: OrderNumberReader = DEFAULT_ORDER_NUMBERS): Entities {
  const entities: Entities = {};
  const emails = unique((text.match(EMAILS_IN_TEXT) ?? []).map(normalizeEmail));
  const withoutEmails = text.replace(EMAILS_IN_TEXT, ' ');
  const phones = unique([...matchAll(withoutEmails, CN_MOBILE), ...matchAll(withoutEmails, INTL_PHONE)].map((phone) => normalizePhone(phone)));
  const orders = readOrderNumbers(withoutEmails.replace(HOTLINE, ' '), phones);
  // "下午好" greets; it is no time of day.
  const dates = extractDates(text.replace(/(早上|上午|中午|下午|晚上)好/g, ' '));
  const amounts = extractAmounts(withoutEmails);
  const choice = extractChoiceIndex(text);
  if (emails.length) entities.emails = emails;
  if (phones.length) entities.phones = phones;
  if (orders.certain.length) entities.orderNumbers = orders.certain;
  if (orders.possible.length) entities.orderCandidates = orders.possible;
  if (dates.length) entities.dates = dates;
  if (amounts.length) entities.amounts = amounts;
  if (choice !== undefined) entities.choiceIndex = choice;
  const name = EN_NAME.exec(text)?.[1] ?? ZH_NAME.exec(text)?.[1];
  if (name) entities.name = name;
  return entities;
}

function extractDates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ISO_DATE)) out.push(`${m[1]}-${pad(m[2])}-${pad(m[3])}`);
  for (const m of text.matchAll(ZH_DATE)) out.push(m[1] ? `${m[1]}-${pad(m[2])}-${pad(m[3])}` : `${pad(m[2])}-${pad(m[3])}`);
  for (const m of text.matchAll(SLASH_DATE)) out.push(`${pad(m[1])}-${pad(m[2])}`);
  for (const m of text.matchAll(EN_DATE)) {
    const month = EN_MONTH_NUMBER[(m[1] ?? m[4] ?? '').slice(0, 3).toLowerCase()];
    if (month) out.push(`${pad(String(month))}-${pad(m[2] ?? m[3])}`);
  }
  for (const m of text.matchAll(RELATIVE_DATE)) out.push(m[0].toLowerCase());
  return unique(out);
}

/** A bare number right after words of paying or charging ("扣了1299", "每次1299", "charged 349"). */
const CHARGED_AMOUNT =
  /(?:多扣了?|扣了?|付了?|收了?|每次|每笔|一共|共计|charged(?: me)?|paid|billed|cost me|price was|差价)\s*(\d{1,6}(?:\.\d{1,2})?)(?![\d./,]|\s?(?:元|块|rmb|yuan|dollars?|usd|cny|eur|%|次|天|个|件|台))/gi;

function extractAmounts(text: string): { value: number; currency?: string }[] {
  const out: { value: number; currency?: string }[] = [];
  for (const m of text.matchAll(CHARGED_AMOUNT)) out.push({ value: Number(m[1]) });
  for (const m of text.matchAll(AMOUNT)) {
    const symbol = (m[1] ?? m[4] ?? '').toLowerCase();
    const value = moneyValue(m[2] ?? m[3] ?? '');
    if (!Number.isFinite(value)) continue;
    const currency = CURRENCY[symbol];
    out.push(currency ? { value, currency } : { value });
  }
  // "like 1.2k" without a currency
  for (const m of text.matchAll(/(?<![\w.])(\d+(?:\.\d)?)k\b/gi)) if (!out.length) out.push({ value: moneyValue(`${m[1]}k`) });
  return out;
}

function moneyValue(written: string): number {
  const thousands = /k$/i.test(written) ? 1000 : 1;
  return Math.round(Number(written.replace(/k$/i, '').replace(/,/g, '')) * thousands * 100) / 100;
}

/** A typed choice by position: 1–3, or -1 for "the last one". */
function extractChoiceIndex(text: string): number | undefined {
  let core = text.trim().replace(/[.!?。！？,，]+$/u, '');
  for (let i = 0; i < 2; i++) core = core.replace(CHOICE_WRAPPING, '').trim();
  const m = CHOICE_NUMBER.exec(core);
  if (!m) return undefined;
  if (m[1]) return Number(m[1]);
  if (m[2]) return ZH_NUMBER[m[2]];
  if (m[3]) return EN_ORDINAL[m[3].toLowerCase()];
  if (m[4]) return -1;
  return undefined;
}

function matchAll(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function pad(part: string | undefined): string {
  return (part ?? '').padStart(2, '0');
}
