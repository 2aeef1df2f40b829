// Types of /console/vendor/preact-htm.js for the browser type check (tsconfig.browser.json): the
// server sends node_modules/htm/preact/standalone.module.js under that name (console-page.ts),
// which is Preact, its hooks and htm bound to Preact in one ES module.

import type { VNode } from 'preact';

export { h, render, Component, createContext } from 'preact';
export * from 'preact/hooks';
/** htm's tagged template bound to Preact's h(). */
export declare function html(strings: TemplateStringsArray, ...values: unknown[]): VNode;
