// @ts-check
// The page's colours (light or dark, from the shared stylesheet) for the charts' text and lines,
// and whether to animate; read again when the system's colour scheme or motion setting changes.

import { useEffect, useState } from '../../vendor/preact-htm.js';

/** @typedef {import('../../insights-charts.js').Theme} Theme */

const QUERIES = ['(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)'];

/** @returns {Theme} */
function readTheme() {
  const style = getComputedStyle(document.documentElement);
  const css = (/** @type {string} */ name, /** @type {string} */ fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: css('--text', '#1b2130'),
    muted: css('--muted', '#5a6475'),
    border: css('--border', '#dde1e8'),
    surface: css('--surface', '#ffffff'),
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

/** The charts' theme, as state: a change of scheme draws the charts again in the new colours. */
export function useChartTheme() {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const lists = QUERIES.map((query) => matchMedia(query));
    const update = () => setTheme(readTheme());
    for (const list of lists) list.addEventListener('change', update);
    return () => {
      for (const list of lists) list.removeEventListener('change', update);
    };
  }, []);
  return theme;
}
