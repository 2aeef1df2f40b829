// CSV for spreadsheets (RFC 4180: CRLF, quotes doubled), with the formula-injection guard: a cell
// starting with = + - @ (or a tab or carriage return) would run as a formula in Excel or Sheets,
// so it gets a leading apostrophe and reads as text.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  const text = value === null ? '' : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
