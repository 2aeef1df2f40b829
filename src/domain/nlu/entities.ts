// Rule-based entity extraction: order numbers, phones, emails, dates, amounts, choice numbers.
// Pure functions over the text, the same for both languages.

import { normalizePhone } from '../phone.ts';
import type { Entities } from '../types.ts';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const CN_MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const INTL_PHONE = /(?<![\w\d])\+\d{1,3}[-\s]?\(?\d{2,4}\)?(?:[-\s]?\d{2,4}){2,3}(?!\d)/g;
const HOTLINE = /(?<!\d)400-?\d{3}-?\d{4}(?!\d)/g;
const ORDER_WITH_LABEL = /(?:order|订单|單號|单号)\s*(?:no\.?|number|号|編號|编号)?\s*(?:is|是|为|為)?\s*[:：#]?\s*([A-Z]{0,3}\d{6,20})/gi;
const BARE_ORDER = /(?<![\d+.-])(?:[A-Z]{2,3}-?)?\d{8,20}(?![\d.])/g;
const ISO_DATE = /\b(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
const ZH_DATE = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]/g;
const RELATIVE_DATE = /\b(today|yesterday|the day before yesterday|last week|last month)\b|今天|昨天|前天|上周|上个月|上星期/gi;
const AMOUNT = /(?:([¥$€£]|rmb|cny|usd)\s?(\d+(?:[.,]\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s?(元|块|rmb|yuan|dollars?|usd|cny|eur))/gi;
const CHOICE_NUMBER = /^\s*(?:(?:option|choice|number|no\.?|#)\s*)?([1-3])\s*[.)]?\s*$|^\s*(?:第)?([一二三])(?:个|種|种|项)?\s*$|^\s*the\s+(first|second|third)(?:\s+one)?\s*$/i;
const EN_NAME = /\bmy name is ([A-Z][a-z]+(?: [A-Z][a-z]+)?)/;
const ZH_NAME = /我(?:叫|的名字是)\s*(\p{Script=Han}{2,4}?)(?=[，。,.!！\s]|$)/u;
const ZH_NUMBER: Record<string, number> = { 一: 1, 二: 2, 三: 3 };
const EN_ORDINAL: Record<string, number> = { first: 1, second: 2, third: 3 };
const CURRENCY: Record<string, string> = { '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', yuan: 'CNY', $: 'USD', usd: 'USD', dollar: 'USD', dollars: 'USD', '€': 'EUR', eur: 'EUR', '£': 'GBP' };

/** Extracts every rule-based entity of a message. */
export function extractEntities(text: string): Entities {
  const entities: Entities = {};
  const emails = unique(text.match(EMAIL) ?? []);
  const withoutEmails = text.replace(EMAIL, ' ');
  const phones = unique([...matchAll(withoutEmails, CN_MOBILE), ...matchAll(withoutEmails, INTL_PHONE)].map(normalizePhone));
  const orders = extractOrderNumbers(withoutEmails, phones);
  const dates = extractDates(text);
  const amounts = extractAmounts(withoutEmails);
  const choice = extractChoiceIndex(text);
  if (emails.length) entities.emails = emails.map((e) => e.toLowerCase());
  if (phones.length) entities.phones = phones;
  if (orders.length) entities.orderNumbers = orders;
  if (dates.length) entities.dates = dates;
  if (amounts.length) entities.amounts = amounts;
  if (choice !== undefined) entities.choiceIndex = choice;
  const name = EN_NAME.exec(text)?.[1] ?? ZH_NAME.exec(text)?.[1];
  if (name) entities.name = name;
  return entities;
}

function extractOrderNumbers(text: string, phones: string[]): string[] {
  const labelled = [...text.matchAll(ORDER_WITH_LABEL)].map((m) => (m[1] ?? '').toUpperCase());
  const cleaned = text.replace(HOTLINE, ' ');
  const phoneDigits = new Set(phones.map((p) => p.replace(/\D/g, '').slice(-11)));
  // Unlabelled numbers count unless they are a phone number or look like a date (20261101).
  const bare = matchAll(cleaned, BARE_ORDER)
    .map((s) => s.toUpperCase().replace('-', ''))
    .filter((n) => !phoneDigits.has(n.replace(/\D/g, '').slice(-11)) && !/^20\d{6}$/.test(n));
  return unique([...labelled, ...bare]);
}

function extractDates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ISO_DATE)) out.push(`${m[1]}-${pad(m[2])}-${pad(m[3])}`);
  for (const m of text.matchAll(ZH_DATE)) out.push(m[1] ? `${m[1]}-${pad(m[2])}-${pad(m[3])}` : `${pad(m[2])}-${pad(m[3])}`);
  for (const m of text.matchAll(RELATIVE_DATE)) out.push(m[0].toLowerCase());
  return unique(out);
}

function extractAmounts(text: string): { value: number; currency?: string }[] {
  const out: { value: number; currency?: string }[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const symbol = (m[1] ?? m[4] ?? '').toLowerCase();
    const value = Number((m[2] ?? m[3] ?? '').replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    const currency = CURRENCY[symbol];
    out.push(currency ? { value, currency } : { value });
  }
  return out;
}

function extractChoiceIndex(text: string): number | undefined {
  const m = CHOICE_NUMBER.exec(text);
  if (!m) return undefined;
  if (m[1]) return Number(m[1]);
  if (m[2]) return ZH_NUMBER[m[2]];
  if (m[3]) return EN_ORDINAL[m[3].toLowerCase()];
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
