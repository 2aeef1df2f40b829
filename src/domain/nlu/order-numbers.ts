// Order numbers in a message, in the formats config/policy.yaml lists. A number is certain when it
// is labelled ("order JD…", "订单号 …") or has a shop's letter prefix or 8+ digits that are not a
// date or phone; a short or date-like number is only possible, taken when the order number was asked.

const LABEL = /(?:order|订单|單號|单号|编号|編號)\s*(?:no\.?|number|num|#|id|号|號)?\s*(?:is|was|是|为|為|:|：|#)?\s*$/i;
/** A WeChat or QQ id, or a phone, is not an order: "微信 wx123456", "QQ 12345678". */
const NOT_ORDER_LABEL = /(?:微信|wechat|weixin|vx|qq|电话|手机|phone|tel|mobile)\s*(?:号|id|no\.?|number)?\s*(?:是|is)?\s*[:：#]?\s*$/i;
const DATE_LIKE = /^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

export interface OrderNumbers {
  /** Order numbers the message surely quotes. */
  certain: string[];
  /** Numbers that may be an order number if one was asked for (includes the certain ones). */
  possible: string[];
}

export type OrderNumberReader = (text: string, phones: string[]) => OrderNumbers;

/** Builds a reader for these formats (regular expression sources for one whole token). */
export function orderNumberReader(patterns: readonly string[]): OrderNumberReader {
  const token = new RegExp(`(?<![A-Za-z0-9-])(?:${patterns.map((p) => `(?:${p})`).join('|')})(?![A-Za-z0-9]|-\\d)`, 'gi');
  return (text, phones) => {
    const phoneDigits = new Set(phones.map((p) => p.replace(/\D/g, '').slice(-11)));
    const certain: string[] = [];
    const possible: string[] = [];
    for (const match of text.matchAll(token)) {
      const found = match[0].toUpperCase();
      const digits = found.replace(/\D/g, '');
      if (phoneDigits.has(digits.slice(-11)) && !/[A-Z]/.test(found)) continue;
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      if (NOT_ORDER_LABEL.test(before)) continue;
      possible.push(found);
      const labelled = LABEL.test(before);
      const prefixed = /[A-Z]/.test(found) || found.includes('-');
      const longPlain = digits.length >= 8 && !DATE_LIKE.test(found);
      if (labelled || prefixed || longPlain) certain.push(found);
    }
    return { certain: unique(certain), possible: unique(possible) };
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
