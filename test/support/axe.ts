// Runs axe-core's WCAG 2.1 A/AA rules inside a page and returns the serious and critical
// violations. The source goes in through the debugging protocol (page.evaluate), not a <script>
// tag, so the pages' strict Content-Security-Policy stays as it is.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Landmark rules axe rates "moderate" that the console is held to as well (issue 16). */
const LANDMARK_RULES = new Set(['landmark-one-main', 'region']);

/** The serious and critical violations on the page as it is now, plus the landmark ones, one entry per rule. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, WCAG_21_AA);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || LANDMARK_RULES.has(v.id));
}
