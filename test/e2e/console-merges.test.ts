// Merging cards in real Chromium: a supervisor lists the cards that look like one person, merges
// one into the other, sees the merge on the card and undoes it; an agent sees none of it.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { openCustomersPage } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'merges-lead@care.test', password: 'merges lead password' };
const SUPERVISOR = { email: 'sam@care.test', password: 'Sam password 1234' };
const AGENT = { email: 'aki@care.test', password: 'Aki password 1234' };

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  expect((await admin.post('/api/staff/users', { ...SUPERVISOR, name: 'Sam', role: 'supervisor' })).status).toBe(201);
  expect((await admin.post('/api/staff/users', { ...AGENT, name: 'Aki', role: 'agent' })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('merging cards in Chromium', () => {
  it('lets a supervisor merge two cards of one person and undo it', async () => {
    const db = t.app.database.db;
    const kept = randomUUID();
    const other = randomUUID();
    await db.customer.create({ data: { id: kept, name: '王芳', phone: '+8613711112222' } });
    await db.customer.create({ data: { id: other, name: 'Wang Fang', phone: '+8613711112222', email: 'fang@example.com' } });
    await db.order.create({ data: { id: randomUUID(), number: 'JD2026MERGE', customerId: other, amountCents: 9900, placedAt: new Date(), source: 'staff' } });

    const asAgent = await openCustomersPage(browser, t.baseUrl, AGENT);
    expect(await asAgent.page.locator('#duplicates').isHidden()).toBe(true);
    await asAgent.close();

    const signedIn = await openCustomersPage(browser, t.baseUrl, SUPERVISOR);
    const { page } = signedIn;
    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator('#dup-load').click();
    const group = page.locator('#dup-list li[data-value="+8613711112222"]');
    await group.waitFor();
    await group.locator(`.dup-card[data-id="${other}"] .dup-merge`).click();

    await expect.poll(async () => page.locator('#card-title').textContent()).toBe('王芳');
    await expect.poll(async () => (await page.locator('#part-transactions').textContent()) ?? '').toContain('JD2026MERGE');
    expect(await page.locator('#part-basic').textContent()).toContain('fang@example.com');
    const mergeEntry = page.locator('#merge-list li');
    await expect.poll(() => mergeEntry.count()).toBe(1);
    expect(await mergeEntry.textContent()).toContain(other);
    await expect.poll(() => page.locator('#dup-list li[data-value="+8613711112222"]').count()).toBe(0);
    await page.screenshot({ path: 'test-artifacts/console-merges.png', fullPage: true });

    await mergeEntry.locator('.merge-undo').click();
    await expect.poll(async () => (await page.locator('#merge-list li').textContent()) ?? '').toContain('undone');
    expect(await page.locator('#part-transactions').textContent()).not.toContain('JD2026MERGE');
    expect((await db.order.findUniqueOrThrow({ where: { number: 'JD2026MERGE' } })).customerId).toBe(other);
    expect(signedIn.errors).toEqual([]);
    await signedIn.close();
  });
});
