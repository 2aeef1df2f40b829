// Types of i18n.js for TypeScript (the tests; the browser loads the .js, checked by tsconfig.browser.json).

export type Language = 'zh' | 'en';
export type StringTable = Record<string, Record<string, string>>;
export type Vars = Record<string, string | number>;
export function translate(strings: StringTable, lang: string, key: string, vars?: Vars): string;
export function chooseLanguage(sources: { query?: string | null; saved?: string | null; browser?: string }): Language;
export function setUpI18n(options: { table: StringTable; storageKey: string; lang: Language }): void;
export function language(): Language;
export function setLanguage(lang: Language): void;
export function subscribeLanguage(listener: (lang: Language) => void): () => void;
export function t(key: string, vars?: Vars): string;
export function hasString(key: string): boolean;
export function locale(): string;
