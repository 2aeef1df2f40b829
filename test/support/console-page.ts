// A staff member signed in to the console in real Chromium: a fresh browser context, the sign-in
// form filled in, and every error the page throws collected for the test to check.

import type { Browser, Page } from 'playwright-core';

export interface ConsolePage {
  page: Page;
  /** Errors the page threw so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function signInToConsole(browser: Browser, baseUrl: string, who: { email: string; password: string }): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/console/`);
  await page.waitForSelector('#app:not([aria-busy])');
  await page.locator('#login-email').fill(who.email);
  await page.locator('#login-password').fill(who.password);
  await page.locator('#login-submit').click();
  await page.locator('#logout').waitFor({ state: 'visible' });
  return { page, errors, close: () => context.close() };
}

/** The customers page, reached through the console's navigation. */
export async function openCustomersPage(browser: Browser, baseUrl: string, who: { email: string; password: string }): Promise<ConsolePage> {
  const signedIn = await signInToConsole(browser, baseUrl, who);
  await signedIn.page.locator('#customers-link').click();
  await signedIn.page.locator('#customers').waitFor();
  return signedIn;
}
