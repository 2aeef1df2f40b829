// LLM mode in the web chat page, in real Chromium: a long reply appears as a growing draft bubble
// while the model writes it, and is replaced by the stored message when the turn is done.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { draftsOf, FakeLlm } from '../support/fake-llm.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const llm = new FakeLlm();
let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  await llm.start();
  t = await startTestApp({ env: { LLM_MODEL: 'test-model', LLM_BASE_URL: llm.url, LLM_TURN_BUDGET_MS: '8000' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await llm.close();
});

describe('web chat in LLM mode', () => {
  it('shows a long reply growing as it is written, then the reply itself', async () => {
    llm.script = (request, purpose) =>
      purpose === 'understand'
        ? { content: JSON.stringify({ intent: 'inquiry', emotion: 'calm', category: null, want: null, safety: false, orderNumber: null, proposedReply: '' }) }
        : {
            content: draftsOf(request)
              .map((d) => `Happy to help! ${d}`)
              .join('\n---\n'),
            chunkDelayMs: 40,
          };
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${t.baseUrl}/?lang=en`);
    await page.waitForSelector('#app:not([aria-busy])');
    // The page follows the conversation's live events once its session exists (after a first message).
    await page.locator('#input').fill('Hello');
    await page.locator('#send').click();
    await page.locator('#messages .msg[data-author="bot"]').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#messages .msg[data-author="customer"]')?.getAttribute('data-id')?.match(/^\d+$/));
    await page.locator('#input').fill('How long does delivery take?');
    await page.locator('#send').click();
    const draft = page.locator('#messages .msg[data-draft] .bubble');
    await draft.waitFor({ timeout: 10_000 });
    const early = (await draft.textContent()) ?? '';
    expect(early).toMatch(/^Happy/);
    const final = page.locator('#messages .msg[data-author="bot"]:not([data-draft]) .bubble').filter({ hasText: 'Happy to help! Orders paid' });
    await final.waitFor({ timeout: 15_000 });
    const finalText = (await final.textContent()) ?? '';
    expect(finalText.length).toBeGreaterThan(early.length);
    expect(finalText.startsWith(early)).toBe(true);
    await expect.poll(() => page.locator('#messages .msg[data-draft]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
