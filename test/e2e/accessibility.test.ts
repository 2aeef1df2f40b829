// Accessibility in real Chromium: axe-core's WCAG 2.1 A/AA rules report no serious or critical
// violation on the web chat and on every console page, signed out and signed in, with real data
// on screen (a queued conversation, a customer, a follow-up).

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousAccessibilityViolations } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole, type ConsolePage } from '../support/console-page.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'a11y-admin@care.test', password: 'a11y admin password 1' };

let t: TestApp;
let browser: Browser;
let admin: ConsolePage;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const customer = await new WebchatCustomer(t.baseUrl).start();
  await customer.send('I want to talk to a person');
  const customerId = randomUUID();
  await t.app.database.db.customer.create({ data: { id: customerId, name: 'Ada Access', tier: 'B' } });
  await t.app.database.db.followUp.create({ data: { id: randomUUID(), customerId, kind: 'callback', status: 'scheduled', dueAt: new Date(Date.now() + 3_600_000), dedupeKey: `a11y:${customerId}` } });
  browser = await launchChromium();
  admin = await signInToConsole(browser, t.baseUrl, ADMIN);
});

afterAll(async () => {
  await admin?.close();
  await browser?.close();
  await t?.close();
});

async function expectNoSeriousViolations(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page), page.url()).toEqual([]);
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('the web chat', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.locator('#input').waitFor();
    await expectNoSeriousViolations(page);
    await context.close();
  });

  it('the console sign-in form', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/console/`);
    await page.waitForSelector('#app:not([aria-busy])');
    await expectNoSeriousViolations(page);
    await context.close();
  });

  it('the queue and an open conversation', async () => {
    const { page } = admin;
    await page.locator('#queue li').first().waitFor();
    await expectNoSeriousViolations(page);
    await page.locator('#queue li').first().click();
    await page.locator('#transcript').waitFor();
    await expectNoSeriousViolations(page);
  });

  for (const [name, path, ready] of [
    ['follow-ups', '/console/jobs.html', '#jobs'],
    ['audit log', '/console/audit.html', '#rows'],
    ['customers', '/console/customers.html', '#customers'],
    ['insights', '/console/insights.html', '#chart-conversations'],
    ['webhooks', '/console/webhooks.html', '#endpoints-empty'],
  ] as const) {
    it(`the ${name} page`, async () => {
      const { page } = admin;
      await page.goto(`${t.baseUrl}${path}`);
      await page.locator(ready).first().waitFor({ state: 'attached' });
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page);
    });
  }
});
