// Renders customer-facing sentences from prompts/replies.yaml in the customer's language.
// Code names a key and passes variables; the words live in the prompts folder.

import type { Language } from './types.ts';

export type PhraseTable = Record<string, Record<Language, string | string[]>>;
export type PhraseVars = Record<string, string | number>;

export class MissingPhraseError extends Error {
  override readonly name = 'MissingPhraseError';
  constructor(
    readonly key: string,
    readonly language: Language,
  ) {
    super(`prompts/replies.yaml has no "${key}" in ${language}`);
  }
}

export class Phrasebook {
  constructor(private readonly table: PhraseTable) {}

  /** The sentence for `key`; `variant` picks among alternatives so replies do not repeat verbatim. */
  say(key: string, language: Language, vars: PhraseVars = {}, variant = 0): string {
    const entry = this.table[key]?.[language];
    if (entry === undefined) throw new MissingPhraseError(key, language);
    const template = Array.isArray(entry) ? (entry[variant % entry.length] ?? '') : entry;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  }

  /** Whether `key` has a sentence in `language`. */
  has(key: string, language: Language): boolean {
    return this.table[key]?.[language] !== undefined;
  }

  /** Every language's rendering of a key, e.g. to recognise a button label sent back. */
  allLanguages(key: string, vars: PhraseVars = {}): string[] {
    return (['zh', 'en'] as const).map((l) => this.say(key, l, vars));
  }

  keys(): string[] {
    return Object.keys(this.table);
  }
}

/** Intl formatters cost tens of microseconds to build; one per language, zone and currency is kept. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Date and time as the customer reads them, in their own time zone. */
export function formatDateTime(date: Date, language: Language, timeZone: string): string {
  const key = `${language} ${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone,
      month: language === 'zh' ? 'long' : 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}

export function formatMoney(cents: number, currency: string, language: Language): string {
  const key = `${language} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(cents / 100);
}
