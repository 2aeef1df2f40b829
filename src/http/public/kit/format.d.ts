// Types of format.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export function formatDuration(seconds: number, t: Translate): string;
export function formatTime(when: string | Date, locale: string, now?: Date): string;
export function relativeTime(when: string | Date, t: Translate, now?: Date): string;
export function formatMoney(minorUnits: number, currency: string, locale: string): string;
export function formatCount(n: number, locale: string): string;
