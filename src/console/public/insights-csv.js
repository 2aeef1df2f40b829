// @ts-check
// A chart's data as a CSV file built in the browser, written like the server's exports
// (src/console/csv/csv-export.ts): a UTF-8 byte-order mark so Excel reads the Chinese right, CRLF
// lines, and text cells guarded against spreadsheet formula injection
// (src/console/csv/formula-guard.ts: a cell starting with = + - @, a tab or a carriage return
// gets an apostrophe in front, so a spreadsheet shows it as text instead of running it).
// Pure: no DOM, so the unit tests import it as it is.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text cell as it is safe to write into a CSV file for spreadsheets. */
export function guardFormula(/** @type {string} */ cell) {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * One cell: numbers as they are (a count or a share is data, never a formula), null as empty,
 * text guarded and quoted when it holds a quote, a comma or a line break.
 */
export function csvCell(/** @type {string | number | null | undefined} */ value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = guardFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: the header row, then one line per row. */
export function buildCsv(/** @type {string[]} */ header, /** @type {(string | number | null)[][]} */ rows) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The file's name: the chart, the first and last day shown and the time zone they are days of
 * (America/New_York as America-New_York), so a file read later says which calendar it counts.
 */
export function csvFileName(/** @type {string} */ chart, /** @type {{ from: string, to: string }} */ days, /** @type {string} */ timeZone) {
  return `insights-${chart}-${days.from}-${days.to}-${timeZone.replace(/[^\w+-]+/g, '-')}.csv`;
}
