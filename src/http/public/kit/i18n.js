// @ts-check
// The pages' wording: a strings table per language, t(key, vars) in the chosen language (English
// when a key is missing there, the key itself when missing everywhere), the choice kept in
// localStorage, and subscribers told when the language changes so the page draws itself again.

/** @typedef {'zh' | 'en'} Language */
/** @typedef {Record<string, Record<string, string>>} StringTable */
/** @typedef {Record<string, string | number>} Vars */

/**
 * The text of `key` in `lang` with `{name}` placeholders filled from `vars`; unknown placeholders
 * stay visible, so a missing variable shows up in review rather than as an empty gap.
 * @param {StringTable} strings
 * @param {string} lang
 * @param {string} key
 * @param {Vars} [vars]
 * @returns {string}
 */
export function translate(strings, lang, key, vars = {}) {
  const text = strings[lang]?.[key] ?? strings.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * The language to start in: `?lang=` in the page's address, else the one chosen before, else the browser's.
 * @param {{ query?: string | null, saved?: string | null, browser?: string }} sources
 * @returns {Language}
 */
export function chooseLanguage({ query, saved, browser }) {
  for (const candidate of [query, saved]) if (candidate === 'zh' || candidate === 'en') return candidate;
  return browser?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** @type {StringTable} */
let strings = { en: {}, zh: {} };
/** @type {Language} */
let current = 'en';
let storageKey = '';
/** @type {Set<(lang: Language) => void>} */
const listeners = new Set();

/**
 * Loads the strings and picks the language (see chooseLanguage); `storageKey` keeps the choice.
 * @param {{ table: StringTable, storageKey: string, lang: Language }} options
 */
export function setUpI18n(options) {
  strings = options.table;
  storageKey = options.storageKey;
  current = options.lang;
}

/** @returns {Language} */
export function language() {
  return current;
}

/**
 * Switches the language, remembers it and tells the subscribers.
 * @param {Language} lang
 */
export function setLanguage(lang) {
  if (lang === current) return;
  current = lang;
  try {
    if (storageKey) globalThis.localStorage?.setItem(storageKey, lang);
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
  for (const listener of listeners) listener(lang);
}

/**
 * Calls `listener` on every language change; returns the unsubscribe.
 * @param {(lang: Language) => void} listener
 * @returns {() => void}
 */
export function subscribeLanguage(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The text of `key` in the current language.
 * @param {string} key
 * @param {Vars} [vars]
 */
export function t(key, vars) {
  return translate(strings, current, key, vars);
}

/**
 * Whether the table has `key` (in English, which has every key).
 * @param {string} key
 */
export function hasString(key) {
  return key in (strings.en ?? {});
}

/** The BCP 47 tag of the current language, for <html lang> and Intl. */
export function locale() {
  return current === 'zh' ? 'zh-CN' : 'en-GB';
}
