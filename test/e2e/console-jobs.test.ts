// The follow-ups view in real Chromium: a supervisor signs in at /console, opens the follow-ups
// page, finds a failed greeting, retries it, and sees it back on the schedule; the page opens on
// what is scheduled, explains every status, and shows a callback's note linked to its
// conversation; an agent is told the page is not for them.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ARTIFACTS = 'test-artifacts';
const ADMIN = { email: 'jobs-lead@care.test', password: 'jobs lead password' };

let t: TestApp;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  for (const [role, name] of [
    ['supervisor', 'Sia'],
    ['agent', 'Abe'],
  ] as const) {
    expect((await admin.post('/api/staff/users', { email: `${name.toLowerCase()}@care.test`, name, password: `${name} password 123`, role })).status).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedInPage(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${t.baseUrl}/console/`);
  await page.waitForSelector('#app:not([aria-busy])');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#logout').waitFor({ state: 'visible' });
  return page;
}

describe('follow-ups view in Chromium', () => {
  it('lets a supervisor retry a failed greeting', async () => {
    const customerId = randomUUID();
    const followUpId = randomUUID();
    await t.app.database.db.customer.create({ data: { id: customerId, name: 'Greta Failed', tier: 'A' } });
    await t.app.database.db.followUp.create({
      data: {
        id: followUpId,
        customerId,
        kind: 'greeting',
        status: 'failed',
        attempts: 5,
        lastError: 'Telegram did not accept the message',
        dueAt: new Date(Date.now() - 3_600_000),
        dedupeKey: `greeting:e2e:${followUpId}`,
      },
    });

    const page = await signedInPage('sia@care.test', 'Sia password 123');
    await page.locator('#jobs-link').click();
    await page.waitForURL(/\/console\/jobs\.html$/);
    await page.locator('#jobs').waitFor();
    await page.locator('#views [data-view="failed"]').click();
    const row = page.locator(`#rows tr[data-id="${followUpId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Greta Failed');
    expect(await row.textContent()).toContain('Telegram did not accept the message');
    await page.screenshot({ path: `${ARTIFACTS}/console-follow-ups.png` });
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => t.app.database.db.followUp.findUniqueOrThrow({ where: { id: followUpId } }).then((f) => f.status)).toBe('scheduled');
    await expect.poll(() => row.count()).toBe(0); // gone from the failed list
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens on what is scheduled, explains the statuses, and shows a callback with its note and conversation', async () => {
    const { db } = t.app.database;
    const customerId = randomUUID();
    const callbackId = randomUUID();
    const conversationId = randomUUID();
    await db.customer.create({ data: { id: customerId, name: 'Cora Callback', tier: 'B' } });
    await db.followUp.create({
      data: {
        id: callbackId,
        customerId,
        kind: 'callback',
        status: 'scheduled',
        dueAt: new Date(Date.now() + 7_200_000),
        conversationId,
        payload: JSON.stringify({ note: 'Call about the late sofa delivery' }),
        dedupeKey: `callback:e2e:${callbackId}`,
      },
    });

    const page = await signedInPage('sia@care.test', 'Sia password 123');
    await page.locator('#jobs-link').click();
    await page.locator('#jobs').waitFor();
    // No tab clicked: the page opens on Scheduled.
    expect(await page.locator('#views [aria-selected="true"]').getAttribute('data-view')).toBe('scheduled');
    expect(await page.locator('#view-help').textContent()).toMatch(/not come yet/);
    const row = page.locator(`#rows tr[data-id="${callbackId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Call about the late sofa delivery');
    const link = row.getByRole('link', { name: /Cora Callback/ });
    expect(await link.getAttribute('href')).toBe(`/console/?conversation=${conversationId}`);
    const status = row.locator('td.status');
    expect(await status.textContent()).toBe('Scheduled');
    expect(await status.getAttribute('title')).toMatch(/nothing has been sent yet/);

    await page.locator('#status-legend summary').click();
    const legend = page.locator('#status-list');
    await legend.waitFor({ state: 'visible' });
    for (const word of ['Waiting', 'Scheduled', 'Queued', 'Sending', 'Sent', 'Failed', 'Cancelled', 'Missed']) expect(await legend.locator('dt', { hasText: word }).count()).toBe(1);
    expect(await legend.textContent()).toMatch(/nobody made in time/);
    await page.locator('#lang').click();
    await expect.poll(() => status.textContent()).toBe('已计划');
    expect(await legend.textContent()).toMatch(/回电没有按时完成/);

    await link.click();
    await page.waitForURL((url) => url.pathname === '/console/' && url.searchParams.get('conversation') === conversationId);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters the chat ratings by their kind, named in English and Chinese', async () => {
    const { db } = t.app.database;
    const customerId = randomUUID();
    const [ratingId, greetingId] = [randomUUID(), randomUUID()];
    const dueAt = new Date(Date.now() + 3_600_000);
    await db.customer.create({ data: { id: customerId, name: 'Rena Rated', tier: 'B' } });
    await db.followUp.create({ data: { id: ratingId, customerId, kind: 'rating', status: 'scheduled', dueAt, dedupeKey: `rating:e2e:${ratingId}` } });
    await db.followUp.create({ data: { id: greetingId, customerId, kind: 'greeting', status: 'scheduled', dueAt, dedupeKey: `greeting:e2e:${greetingId}` } });

    const page = await signedInPage('sia@care.test', 'Sia password 123');
    await page.locator('#jobs-link').click();
    await page.locator('#jobs').waitFor();
    await page.locator('#views [data-view="scheduled"]').click();
    await page.locator(`#rows tr[data-id="${greetingId}"]`).waitFor();
    await page.locator('#kind').selectOption('rating');
    await expect.poll(() => page.locator(`#rows tr[data-id="${greetingId}"]`).count()).toBe(0);
    const kindCell = page.locator(`#rows tr[data-id="${ratingId}"] td`).first();
    expect(await kindCell.textContent()).toBe('Chat rating');
    expect(await page.locator('#kind option:checked').textContent()).toBe('Chat rating');
    await page.locator('#lang').click();
    await expect.poll(() => kindCell.textContent()).toBe('服务评价');
    expect(await page.locator('#kind option:checked').textContent()).toBe('服务评价');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells an agent the page is for supervisors', async () => {
    const page = await signedInPage('abe@care.test', 'Abe password 123');
    await page.goto(`${t.baseUrl}/console/jobs`);
    await page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/for supervisors/);
    expect(await page.locator('#jobs').isHidden()).toBe(true);
    await page.context().close();
  });
});
