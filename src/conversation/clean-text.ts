// What is kept of the text a customer sends: every channel cleans it at its edge (HTTP body
// schemas via src/http/customer-text.ts, Telegram updates, the terminal), so the engine reads
// visible text only. Pure and allocation-free for text that needs no cleaning beyond a trim.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;
/** "\ud800" is valid JSON but cannot be encoded as UTF-8, so the store would reject it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Invisible characters with no use in a chat message: zero-width space, word joiner and invisible operators, BOM, soft hyphen, Mongolian vowel separator. */
const STRAY_INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E]/g;
/**
 * What shows nothing on its own: white space, format characters (zero-width joiners, direction
 * marks, tags), variation selectors, the combining grapheme joiner, blank "letters" (Hangul
 * fillers, the blank Braille pattern). Kept inside a message (they join emoji, shape scripts);
 * a message of nothing else is empty.
 */
const SHOWS_NOTHING = /[\s\p{Cf}\p{Zs}\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u034F\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * Removes control characters (keeps newlines and tabs), replacement characters, lone surrogates,
 * stray invisible characters and surrounding white space; a text of invisible characters alone becomes ''.
 */
export function cleanText(text: string): string {
  const cleaned = text.replace(LONE_SURROGATE, '').replace(CONTROL, '').replace(STRAY_INVISIBLE, '').trim();
  return cleaned.replace(SHOWS_NOTHING, '') ? cleaned : '';
}
