// @ts-check
// One ECharts chart in a box: made when the box is drawn, given each new option, resized with its
// box, and disposed of (with its ResizeObserver) when the box goes. ECharts is the global that
// insights.html's classic script tag loads (/console/vendor/echarts.min.js).

import { html, useLayoutEffect, useRef } from '../../vendor/preact-htm.js';

/**
 * ECharts as this page uses it.
 * @typedef {{ setOption(option: object, settings: { notMerge: boolean }): void, resize(): void, dispose(): void }} Chart
 * @typedef {{ init(box: HTMLElement, theme: null, settings: { renderer: 'canvas' }): Chart }} ECharts
 */

const charts = () => /** @type {{ echarts: ECharts }} */ (/** @type {unknown} */ (window)).echarts;

/** @param {{ option: object, label: string }} props `label`: the chart's title and key figures, for screen readers */
export function EChart({ option, label }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const chart = useRef(/** @type {Chart | null} */ (null));

  // Layout effects: the chart has its new option by the time the card's words show the new figures.
  useLayoutEffect(() => {
    const node = /** @type {HTMLDivElement} */ (box.current);
    const instance = charts().init(node, null, { renderer: 'canvas' });
    const resizer = new ResizeObserver(() => instance.resize());
    resizer.observe(node);
    chart.current = instance;
    return () => {
      resizer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useLayoutEffect(() => chart.current?.setOption(option, { notMerge: true }), [option]);

  return html`<div ref=${box} class="insight-chart" role="img" aria-label=${label}></div>`;
}
