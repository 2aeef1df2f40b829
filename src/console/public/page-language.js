/* global document, localStorage, fetch */
// The wording of a console page and its language switch: the console's strings, the language
// chosen before (else the page's own), and the #lang button that flips it and redraws the page.

import { $ } from './dom.js';
import { LANG_KEY, state } from './console-state.js';

export async function setUpPageLanguage(redraw) {
  state.strings = await (await fetch('/console/strings.json')).json();
  state.lang = localStorage.getItem(LANG_KEY) ?? (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en');
  $('#lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(LANG_KEY, state.lang);
    redraw();
  });
}
