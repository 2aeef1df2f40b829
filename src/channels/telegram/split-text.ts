// Splits a reply that is longer than one Telegram message (4,096 characters) into parts that
// break where a reader would: between paragraphs, then lines, sentences, words — never inside a
// surrogate pair, so no part ends or starts with half an emoji or a rare CJK character.

/** Telegram's limit for the text of one message, counted in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Boundaries from best to worst; each returns the index just after the last match in `window`. */
const BOUNDARIES: ((window: string) => number)[] = [
  (window) => lastEnd(window, /\n[ \t]*\n/g),
  (window) => lastEnd(window, /\n/g),
  (window) => lastEnd(window, /[.!?…](?=\s)|[。！？；]/g),
  (window) => lastEnd(window, /\s/g),
];

/**
 * Cuts `text` into parts of at most `limit` UTF-16 code units. A part ends at the best boundary
 * in the second half of the window (so no tiny parts); white space at a cut is dropped.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (limit < 2) throw new RangeError(`limit must be at least 2, got ${limit}`);
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutIndex(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

function cutIndex(text: string, limit: number): number {
  const window = text.slice(0, limit);
  const atLeast = Math.floor(limit / 2);
  for (const boundary of BOUNDARIES) {
    const index = boundary(window);
    if (index >= atLeast) return index;
  }
  // No boundary in reach (a very long word or unbroken CJK): cut hard, but not between the two
  // halves of a surrogate pair.
  const last = text.charCodeAt(limit - 1);
  return last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
}

function lastEnd(window: string, pattern: RegExp): number {
  let end = -1;
  for (const match of window.matchAll(pattern)) end = match.index + match[0].length;
  return end;
}
