// Types of insights-filters.js for the TypeScript tests that import it (the browser loads the .js).

export interface Filters {
  /** days of the staff's time zone, YYYY-MM-DD, both shown */
  from: string;
  to: string;
  /** '' for all */
  channel: string;
  language: string;
}
export const CHANNELS: string[];
export const LANGUAGES: string[];
export const QUICK_RANGES: number[];
export const DEFAULT_DAYS: number;
export function utcDay(date: Date): string;
export function addDays(day: string, days: number): string;
export function zonedDay(date: Date, timeZone: string): string;
export function lastDays(days: number, now: Date, timeZone?: string): { from: string; to: string };
export function readFilters(search: string, now: Date, timeZone?: string): Filters;
export function pageQuery(filters: Filters): URLSearchParams;
export function apiQuery(filters: Filters, timeZone?: string): URLSearchParams;
