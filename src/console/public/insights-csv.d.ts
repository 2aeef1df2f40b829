// Types of insights-csv.js for the TypeScript tests that import it (the browser loads the .js).

export function guardFormula(cell: string): string;
export function csvCell(value: string | number | null | undefined): string;
export function buildCsv(header: string[], rows: (string | number | null)[][]): string;
export function csvFileName(chart: string, days: { from: string; to: string }, timeZone: string): string;
