// @ts-check
// The wording the Insights tables and charts are drawn with, in the current language: the console's
// t(), a code's name (a code the wording does not know is shown as it is) and a figure as read.

import { hasString, language, t } from '../../../assets/kit/i18n.js';
import { formatValue } from '../../insights-format.js';

/** @typedef {import('../../insights-tables.js').Words} Words */

/** @returns {Words} */
export function insightWords() {
  const lang = language();
  return { t, label, format: (value, format) => formatValue(value, format, lang, t) };
}

/** @type {Words['label']} */
function label(kind, code) {
  const key = kind === 'category' ? `insights.category.${code}` : kind === 'lifecycle' ? `customers.lifecycle.${code}` : `${kind}.${code}`;
  return hasString(key) ? t(key) : code;
}
