// The customer list in real Chromium: an agent signs in at /console, opens the customers page,
// finds a customer by a phone number written another way, opens the four-part card with its
// review flags, records a visit and sees it in the contact log.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ARTIFACTS = 'test-artifacts';
const ADMIN = { email: 'customers-lead@care.test', password: 'customers lead password' };
const AGENT = { email: 'cara@care.test', password: 'Cara password 123' };

let t: TestApp;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  expect((await admin.post('/api/staff/users', { ...AGENT, name: 'Cara', role: 'agent' })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('customers page in Chromium', () => {
  it('finds a customer by a phone written another way, opens the card and records a visit', async () => {
    const db = t.app.database.db;
    const customerId = randomUUID();
    await db.customer.create({
      data: {
        id: customerId,
        name: '李娜',
        phone: '+8613912345678',
        tier: 'A',
        tierReason: 'top 80% of revenue',
        address: '88 Century Avenue',
        lifecycleStage: 'stability',
        lifecycleReason: 'orders every month',
      },
    });
    await db.customer.create({ data: { id: randomUUID(), name: 'Someone Else', phone: '+8613800001111' } });
    await db.order.create({ data: { id: randomUUID(), number: 'JD2026E2E1', customerId, amountCents: 5900, placedAt: new Date(), source: 'staff', items: '1 × milk' } });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${t.baseUrl}/console/`);
    await page.waitForSelector('#app:not([aria-busy])');
    await page.locator('#login-email').fill(AGENT.email);
    await page.locator('#login-password').fill(AGENT.password);
    await page.locator('#login-submit').click();
    await page.locator('#logout').waitFor({ state: 'visible' });

    await page.locator('#customers-link').click();
    await page.waitForURL(/\/console\/customers\.html$/);
    await page.locator('#customers').waitFor();
    await page.locator('#f-q').fill('0086 139-1234-5678');
    await page.locator('#filters button[type="submit"]').click();
    const row = page.locator(`#rows tr[data-id="${customerId}"]`);
    await row.waitFor();
    await expect.poll(() => page.locator('#rows tr').count()).toBe(1);
    expect(await page.locator('#total').textContent()).toBe('Customers found: 1');

    await row.click();
    await page.locator('#card').waitFor();
    expect(await page.locator('#card-title').textContent()).toBe('李娜');
    const business = await page.locator('#part-business').textContent();
    expect(business).toContain('top 80% of revenue');
    expect(business).toContain('without a key account manager');
    expect(await page.locator('#part-transactions').textContent()).toContain('JD2026E2E1');
    // Set by an import, never confirmed: flagged for review.
    expect(await page.locator('#part-basic [data-field="address"] .badge.stale').count()).toBe(1);

    await page.locator('#c-kind').selectOption('visit');
    await page.locator('#c-summary').fill('Visited the shop in Pudong');
    await page.locator('#c-outcome').fill('ordered samples');
    await page.locator('#c-impressions').fill('friendly owner, wants faster delivery');
    await page.locator('#c-submit').click();
    const entry = page.locator('#log li[data-kind="visit"]');
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain('Visited the shop in Pudong');
    expect(text).toContain('friendly owner, wants faster delivery');
    expect(text).toContain('Cara');
    await page.screenshot({ path: `${ARTIFACTS}/console-customers.png`, fullPage: true });
    const stored = await db.contact.findFirstOrThrow({ where: { customerId, kind: 'visit' } });
    expect(stored).toMatchObject({ outcome: 'ordered samples', channel: 'in_person' });

    await page.locator('#confirm-stale').click();
    await expect.poll(() => page.locator('#part-basic .badge.stale').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
