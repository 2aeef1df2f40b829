// One spelling of a phone number everywhere (E.164-like "+8613812345678"), so the same person
// is recognised across channels whatever way they typed it.

/** Normalises a phone number; mainland mobile numbers without a country code get +86. */
export function normalizePhone(raw: string): string {
  const plus = raw.trim().startsWith('+');
  const digits = raw.replace(/\D/g, '');
  if (!plus && /^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  if (!plus && digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+${digits}`;
}
