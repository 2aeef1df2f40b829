// Masks personal data before text leaves the service for the model (unless LLM_SEND_PII): phone
// numbers, emails, national ID and card numbers become placeholders such as ⟦PHONE_1⟧, and the
// model's answer gets the real values back. Order numbers are left alone: they are not personal
// and the model needs them to understand a complaint. What is a card or an ID number is decided
// in one place, src/domain/pii-mask.ts (the same rule masks them at rest).

import { findSensitiveNumbers } from '../domain/pii-mask.ts';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Mainland mobile numbers, and international numbers written with a leading +.
const PHONE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)|\+\d{1,3}(?:[ -]?\d){6,14}(?!\d)/g;
const NUMBER_LABEL = { card: 'CARD', id: 'ID' } as const;

export interface Masked {
  text: string;
  /** Puts the real values back into text the model wrote. */
  restore(text: string): string;
  /** How many values were masked, by kind. */
  counts: Record<string, number>;
}

/** Masks one or more texts with one shared numbering, so the same value gets the same placeholder. */
export function maskPii(texts: readonly string[]): { texts: string[]; restore: (text: string) => string; counts: Record<string, number> } {
  const byValue = new Map<string, string>();
  const counts: Record<string, number> = {};
  const placeholderOf = (label: string, value: string): string => {
    let placeholder = byValue.get(value);
    if (!placeholder) {
      counts[label] = (counts[label] ?? 0) + 1;
      placeholder = `⟦${label}_${counts[label]}⟧`;
      byValue.set(value, placeholder);
    }
    return placeholder;
  };
  const masked = texts.map((text) => {
    let out = text.replace(EMAIL, (value) => placeholderOf('EMAIL', value));
    // From the end, so the offsets of the earlier numbers hold.
    for (const { kind, start, end } of findSensitiveNumbers(out).reverse()) {
      out = out.slice(0, start) + placeholderOf(NUMBER_LABEL[kind], out.slice(start, end)) + out.slice(end);
    }
    return out.replace(PHONE, (value) => placeholderOf('PHONE', value));
  });
  const back = new Map([...byValue].map(([value, placeholder]) => [placeholder, value]));
  return { texts: masked, restore: (text) => text.replace(/⟦[A-Z]+_\d+⟧/g, (p) => back.get(p) ?? p), counts };
}
