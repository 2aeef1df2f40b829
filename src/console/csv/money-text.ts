// Amounts as a file writes them: major units with two decimals (5990 → "59.90"), the form the
// orders import reads back exactly.

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
