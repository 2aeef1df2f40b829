// What an order from the shop is made of: its statuses, where it came from, and its amount read
// exactly from the major units a shop writes ("59.90" → 5990), never through a float.

export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_SOURCES = ['import', 'staff', 'webhook'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

/** The largest amount the store keeps (a 32-bit integer of hundredths on PostgreSQL): 21,474,836.47. */
export const MAX_AMOUNT_CENTS = 2_147_483_647;

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

export type AmountReading = { ok: true; cents: number } | { ok: false; reason: string };

/**
 * An amount in major units (yuan, dollars) as hundredths of the unit, read digit by digit so
 * "59.90", "59.9" and 59.9 all give 5990 and 0.29 gives 29 (not 28.999…). At most two decimals,
 * not negative, no exponent, no thousands separators.
 */
export function parseAmountCents(amount: string | number): AmountReading {
  if (typeof amount === 'number' && !Number.isFinite(amount)) return { ok: false, reason: 'must be a finite number' };
  // A JS number prints as the shortest decimal that reads back as itself: 59.9 → "59.9", 1e21 → "1e+21" (refused below).
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    if (/^-/.test(text)) return { ok: false, reason: 'must not be negative' };
    if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, reason: 'has more than two decimals' };
    return { ok: false, reason: `must be a decimal number in major units such as 59.90, not ${JSON.stringify(String(amount).slice(0, 40))}` };
  }
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  if (whole.length > 8) return { ok: false, reason: `is above the largest amount kept (${MAX_AMOUNT_CENTS / 100})` };
  const cents = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, reason: `is above the largest amount kept (${MAX_AMOUNT_CENTS / 100})` };
  return { ok: true, cents };
}

let currencies: Set<string> | undefined;

/** An ISO 4217 currency code the runtime knows (CNY, USD, EUR …), upper case. */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}
