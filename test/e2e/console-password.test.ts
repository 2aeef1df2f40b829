// Changing one's own password from the console page, in real Chromium: the dialog refuses a weak
// password with the server's words, a good one signs the other browser out, and this page keeps
// working on its new session.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { StaffClient } from '../support/staff-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'pw-lead@care.test', password: 'hollow canyon marigold' };
const AGENT = { email: 'lan@care.test', password: 'first lantern password', name: 'Lan' };

let t: TestApp;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  expect((await admin.post('/api/staff/users', { ...AGENT, role: 'agent' })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedInPage(lang: 'en' | 'zh'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  await page.goto(`${t.baseUrl}/console/?lang=${lang}`);
  await page.waitForSelector('#app:not([aria-busy])');
  await page.locator('#login-email').fill(AGENT.email);
  await page.locator('#login-password').fill(AGENT.password);
  await page.locator('#login-submit').click();
  await page.locator('#work-view').waitFor();
  return page;
}

describe('changing one’s own password in the console', () => {
  it('refuses a common password, then changes it and signs the other browser out', async () => {
    const page = await signedInPage('en');
    const other = await signedInPage('zh');
    expect(await other.locator('#password-open').textContent()).toBe('修改密码');

    await page.locator('#password-open').click();
    const dialog = page.locator('#password-dialog');
    await dialog.waitFor({ state: 'visible' }); // opened by the next render, not synchronously with the click
    await dialog.locator('#password-current').fill(AGENT.password);
    await dialog.locator('#password-new').fill('password123456');
    await dialog.locator('#password-repeat').fill('password123456');
    await dialog.locator('#password-submit').click();
    // The server checks the current password with scrypt first: give it time.
    await expect.poll(() => dialog.locator('#password-error').textContent(), { timeout: 20_000 }).toMatch(/most common passwords/);
    await page.screenshot({ path: 'test-artifacts/console-password.png' });

    await dialog.locator('#password-new').fill('second river teapot');
    await dialog.locator('#password-repeat').fill('second river teapot');
    await dialog.locator('#password-submit').click();
    await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(false);
    await expect.poll(() => page.locator('#toast').textContent()).toMatch(/Password changed/);

    // This page goes on with its new session: a state change with the new CSRF token works.
    await page.locator('#online-toggle').click();
    await expect.poll(() => page.locator('#online-toggle').getAttribute('data-online')).toBe('true');
    // The other browser's session is over: its next call lands on the sign-in form.
    await other.locator('#online-toggle').click();
    await other.locator('#login-view').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
