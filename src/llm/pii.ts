// Masks personal data before text leaves the service for the model (unless LLM_SEND_PII): phone
// numbers, emails, national ID and card numbers become placeholders such as ⟦PHONE_1⟧, and the
// model's answer gets the real values back. Order numbers are left alone: they are not personal
// and the model needs them to understand a complaint.

const PATTERNS: readonly { label: string; pattern: RegExp; accept?: (value: string) => boolean }[] = [
  { label: 'EMAIL', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  // Chinese resident ID: 17 digits and a check digit or X.
  { label: 'ID', pattern: /(?<!\d)\d{17}[\dXx](?!\d)/g },
  // Card numbers: 13–19 digits, optionally grouped, that pass the Luhn check.
  { label: 'CARD', pattern: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g, accept: (value) => luhn(value.replace(/\D/g, '')) },
  // Mainland mobile numbers, and international numbers written with a leading +.
  { label: 'PHONE', pattern: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)|\+\d{1,3}(?:[ -]?\d){6,14}(?!\d)/g },
];

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
  const masked = texts.map((text) => {
    let out = text;
    for (const { label, pattern, accept } of PATTERNS) {
      out = out.replace(pattern, (value) => {
        if (accept && !accept(value)) return value;
        let placeholder = byValue.get(value);
        if (!placeholder) {
          counts[label] = (counts[label] ?? 0) + 1;
          placeholder = `⟦${label}_${counts[label]}⟧`;
          byValue.set(value, placeholder);
        }
        return placeholder;
      });
    }
    return out;
  });
  const back = new Map([...byValue].map(([value, placeholder]) => [placeholder, value]));
  return { texts: masked, restore: (text) => text.replace(/⟦[A-Z]+_\d+⟧/g, (p) => back.get(p) ?? p), counts };
}

function luhn(digits: string): boolean {
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
