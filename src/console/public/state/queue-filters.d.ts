// Types of queue-filters.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export interface QueueFilters {
  q?: string;
  channel?: string;
  language?: string;
  tier?: string;
  reason?: string;
  assignee?: string;
  label?: string;
}
export const FILTER_KEYS: readonly ['q', 'channel', 'language', 'tier', 'reason', 'assignee', 'label'];
export const FILTER_CHOICES: { channel: string[]; language: string[]; tier: string[]; reason: string[] };
export function filtersFromQuery(search: string | URLSearchParams): QueueFilters;
export function queryWithFilters(filters: QueueFilters, search: string): string;
export function listPath(status: string, filters: QueueFilters): string;
export function activeFilterCount(filters: QueueFilters): number;
export function sameFilters(a: QueueFilters, b: QueueFilters): boolean;
