// Spreadsheet formula injection (CSV injection): a cell starting with = + - @ (or a tab or carriage
// return) runs as a formula when Excel or Sheets opens the file. Exports prefix such a cell with an
// apostrophe so it reads as text; imports take that apostrophe off again, so an exported file
// (phones are "+86…") imports back unchanged.

const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED = /^'[=+\-@\t\r]/;

/** The cell as it is safe to write into a CSV file for spreadsheets. */
export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The cell as it was before guardFormula. */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
