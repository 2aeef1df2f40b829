// The product a customer names: a product word from the product list (prompts/nlu/products.yaml)
// together with the brand or model written next to it ("Vortex Pro 600 blender", "G80F23微波炉"),
// or a model code alone when the product was asked (findModelCode).

type Bilingual = { en: string[]; zh: string[] };
export type ProductList = Bilingual & { brands?: Bilingual };

/** The product named: the words as written, and whether it is only a brand ("my Dyson"). */
export type ProductFinder = (text: string) => { name: string; brandOnly: boolean } | undefined;

/** A model code: letters and digits mixed, maybe with a dash ("BT-7", "AF50", "G80F23"). */
const MODEL = /(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])/;
const EN_LEFT_WORD = /(?:^|\s)((?:[A-Z][\w-]*|[A-Za-z]*\d[\w-]*)(?:\s+(?:[A-Z][\w-]*|[A-Za-z]*\d[\w-]*)){0,3})\s*$/;
const EN_RIGHT_MODEL = /^\s*((?:[A-Z]+[\w-]*\d[\w-]*|\d+[A-Za-z][\w-]*))/;
const ZH_LEFT_MODEL = /([A-Za-z][A-Za-z0-9-]*\d[A-Za-z0-9-]*|[A-Za-z]{2,}(?:\s?[A-Za-z0-9]+)?)\s*$/;
const ZH_RIGHT_MODEL = /^\s*([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)/;

export function productFinder(products: ProductList): ProductFinder {
  const brands = [...(products.brands?.en ?? []), ...(products.brands?.zh ?? [])].map((b) => ({
    brand: b,
    ...mustContain(b),
    pattern: /^[a-z]/i.test(b) ? new RegExp(`(?<![a-z])${escape(b)}(?![a-z])`, 'i') : new RegExp(escape(b)),
  }));
  const byWord = wordFinder(products);
  return (text) => {
    const found = byWord(text);
    if (found) return { name: found, brandOnly: false };
    // "My Dyson keeps pulsing", "小米的那个": the brand stands for the product.
    const lower = text.toLowerCase();
    for (const { pattern, letters, ascii } of brands) {
      if (ascii && !lower.includes(letters)) continue;
      const match = pattern.exec(text);
      if (match) return { name: match[0], brandOnly: true };
    }
    return undefined;
  };
}

function wordFinder(products: Bilingual): (text: string) => string | undefined {
  // Longest words first, so "robot vacuum" wins over "vacuum" and "电动牙刷" over "牙刷".
  const en = [...products.en].sort((a, b) => b.length - a.length).map((w) => ({ word: w, ...mustContain(w), pattern: new RegExp(`\\b${escape(w)}(?:e?s)?\\b`, 'i') }));
  const zh = [...products.zh].sort((a, b) => b.length - a.length);
  return (text) => {
    for (const word of zh) {
      const at = text.indexOf(word);
      if (at < 0 || /^号/.test(text.slice(at + word.length))) continue;
      const left = ZH_LEFT_MODEL.exec(text.slice(0, at))?.[1] ?? '';
      const right = /\d/.test(text.slice(at + word.length, at + word.length + 12)) ? (ZH_RIGHT_MODEL.exec(text.slice(at + word.length))?.[1] ?? '') : '';
      return `${left}${word}${right ? ` ${right}` : ''}`.trim();
    }
    const lower = text.toLowerCase();
    for (const { pattern, letters, ascii } of en) {
      if (ascii && !lower.includes(letters)) continue;
      const match = pattern.exec(text);
      if (!match) continue;
      const before = text.slice(0, match.index);
      const left = EN_LEFT_WORD.exec(before)?.[1] ?? '';
      const after = text.slice(match.index + match[0].length);
      // "phone number", "手机号" name no product; an order number after the product is no model.
      if (/^\s*(number|no\.|#)/i.test(after)) continue;
      const model = EN_RIGHT_MODEL.exec(after)?.[1] ?? '';
      const right = /^[A-Z]{2,4}\d{5,}$|^\d{6,}$/i.test(model) ? '' : model;
      const leftWords = left.split(/\s+/).filter((w) => w && !/^(I|My|The|A|An|It|This|That|Hi|Hello|Hey|Order|Ordered|Bought)$/.test(w));
      return [...leftWords, match[0], right].filter(Boolean).join(' ').trim();
    }
    return undefined;
  };
}

/** A model code standing alone ("AF-50"), other than the given order numbers: a product when the product was asked. */
export function findModelCode(text: string, orderNumbers: readonly string[]): string | undefined {
  const match = MODEL.exec(text);
  const code = match?.[0];
  if (!match || !code || ORDINAL.test(code) || orderNumbers.includes(code.toUpperCase())) return undefined;
  // The edition written after the code belongs to it: "BT-7 Pro", "X2 Max".
  const edition = /^\s+(pro|max|plus|mini|lite|ultra|air|se|neo|[A-Z][a-z]+)\b/i.exec(text.slice(match.index + code.length))?.[0] ?? '';
  return `${code}${/^\s+(pro|max|plus|mini|lite|ultra|air|se|neo)$/i.test(edition) ? edition : ''}`;
}

/** "3rd", "21st", "10th", "5pm": numbers with a suffix, not model codes. */
const ORDINAL = /^\d+(st|nd|rd|th|am|pm|h|min|s|cm|mm|kg|g|w|v|l|ml|yuan|rmb|usd)$/i;

/**
 * What a case-insensitive pattern of the word needs in the lowercased text. For an ASCII word this
 * is exact: without the u flag a non-ASCII character never matches an ASCII one, so a match is the
 * word's own letters in some case. The cheap test skips the regular expression for most words.
 */
function mustContain(word: string): { letters: string; ascii: boolean } {
  return { letters: word.toLowerCase(), ascii: [...word].every((c) => c.charCodeAt(0) < 0x80) };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
