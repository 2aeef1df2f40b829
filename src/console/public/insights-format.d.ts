// Types of insights-format.js for the TypeScript tests that import it (the browser loads the .js).

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export type CellFormat = 'text' | 'day' | 'count' | 'share' | 'score' | 'seconds';
export function formatDuration(seconds: number | null, t: Translate): string;
export function formatDay(day: string, lang: string): string;
export function formatValue(value: string | number | null, format: CellFormat, lang: string, t: Translate): string;
