// A customer's message text as the HTTP routes take it: cleaned in the body schema
// (src/conversation/clean-text.ts), so a handler, and the engine after it, only ever see visible
// text within the limit, and a request with none, or too much, is refused saying which.

import { z } from 'zod';
import { cleanText } from '../conversation/clean-text.ts';
import { DomainError } from '../domain/domain-error.ts';

/**
 * A zod schema for a customer's message: a string, cleaned. Refused with 400 `empty_text` when
 * nothing visible is left, and with 413 `text_too_long` when longer than `maxChars`. These are
 * thrown as a DomainError rather than reported as a zod issue: the codes and statuses are the
 * public contract (a zod issue answers 400 `invalid_request`), and the error handler maps them.
 * A value of the wrong type is still a zod issue naming the field.
 */
export function customerText(maxChars: number): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return z.string().transform((raw) => checkedCustomerText(raw, maxChars));
}

/**
 * The cleaned text, or a DomainError saying what is wrong with it. Length is counted in
 * characters as JavaScript and a browser's `maxlength` count them (UTF-16 code units: 1 for a
 * Chinese character, 2 for most emoji), never in bytes.
 */
export function checkedCustomerText(raw: string, maxChars: number): string {
  const text = cleanText(raw);
  if (!text) throw new DomainError('empty_text', 'text must contain at least one visible character');
  if (text.length > maxChars) throw new DomainError('text_too_long', `the message has ${text.length} characters; the limit is ${maxChars}. Please split it up.`);
  return text;
}
