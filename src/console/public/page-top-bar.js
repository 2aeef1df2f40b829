// @ts-check
// The top bar of the console's other pages (follow-ups, audit, customers, insights, webhooks): the
// page's title and subtitle, Back to the console, whatever links the page put in its <header>,
// and the language switch (#lang). The words come from `<page>.title`, `<page>.subtitle` and
// `<page>.back`, drawn again when the language changes.

import { t } from '../assets/kit/i18n.js';

/**
 * Builds the bar inside `header` (`<header class="topbar" data-page="jobs">`, optionally holding
 * extra links, which keep their place before Back). The words are filled by translateTopBar.
 * @param {HTMLElement} header
 * @param {() => void} onLanguageSwitch
 */
export function drawTopBar(header, onLanguageSwitch) {
  const page = header.dataset.page ?? '';
  const extras = [...header.children];
  const brand = element('div', 'brand');
  const text = element('div', 'brand-text');
  text.append(withWords(element('h1', 'title'), `${page}.title`), withWords(element('p', 'subtitle'), `${page}.subtitle`));
  brand.append(text);
  const actions = element('div', 'top-actions');
  const back = withWords(element('a', 'btn btn-ghost'), `${page}.back`);
  back.setAttribute('href', '/console/');
  const lang = withWords(element('button', 'btn btn-ghost'), 'langToggle');
  lang.id = 'lang';
  lang.setAttribute('type', 'button');
  lang.dataset.i18nLabel = 'langToggleLabel';
  lang.addEventListener('click', onLanguageSwitch);
  actions.append(...extras, back, lang);
  header.replaceChildren(brand, actions);
}

/**
 * Fills every `data-i18n` (text) and `data-i18n-label` (aria-label) on the page in the current language.
 * @param {ParentNode} root
 */
export function translateStatic(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) if (node instanceof HTMLElement) node.textContent = t(node.dataset.i18n ?? '');
  for (const node of root.querySelectorAll('[data-i18n-label]')) if (node instanceof HTMLElement) node.setAttribute('aria-label', t(node.dataset.i18nLabel ?? ''));
}

/**
 * @param {string} tag
 * @param {string} className
 */
function element(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

/**
 * @param {HTMLElement} node
 * @param {string} key
 */
function withWords(node, key) {
  node.dataset.i18n = key;
  return node;
}
