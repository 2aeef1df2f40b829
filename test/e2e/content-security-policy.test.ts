// The strict Content-Security-Policy must not break any page: each one is loaded in real Chromium,
// used a little, and Chromium must report no CSP violation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'csp-admin@care.test', password: 'csp admin password' };

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page that records every CSP violation Chromium reports for it. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  return { page, violations };
}

describe('pages under the Content-Security-Policy', () => {
  it('the web chat loads, starts a session and chats without a violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${t.baseUrl}/`);
    await page.waitForSelector('#app:not([aria-busy])');
    await page.locator('#input').fill('hello');
    await page.locator('#send').click();
    // The reply arrives over the live stream (EventSource), which CSP's connect-src governs.
    await page.locator('#messages .msg[data-author="bot"]').first().waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
  });

  it('the console signs in and shows the queue without a violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${t.baseUrl}/console/`);
    await page.waitForSelector('#app:not([aria-busy])');
    await page.locator('#login-email').fill(ADMIN.email);
    await page.locator('#login-password').fill(ADMIN.password);
    await page.locator('#login-submit').click();
    await page.locator('#logout').waitFor({ state: 'visible' });
    await page.goto(`${t.baseUrl}/console/jobs`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${t.baseUrl}/console/queues`);
    await page.waitForLoadState('networkidle');
    // bull-board asks Google for its fonts: blocked on purpose (no third-party requests from staff
    // browsers); the dashboard falls back to the system font. Nothing else may be refused.
    expect(violations.filter((text) => !text.includes('https://fonts.googleapis.com/'))).toEqual([]);
  });

  it('the API docs load without a violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${t.baseUrl}/docs`);
    await page.waitForSelector('.swagger-ui', { timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });
});
