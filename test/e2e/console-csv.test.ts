// CSV import and export from the customers page in real Chromium: a supervisor checks a file
// (nothing written), imports it, sees a bad file's problems by line and field, and downloads what
// the filters show; an agent is offered neither.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { openCustomersPage } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'csv-lead@care.test', password: 'csv lead password 1' };
const SUPERVISOR = { email: 'sia@care.test', password: 'Sia password 1234' };
const AGENT = { email: 'alf@care.test', password: 'Alf password 1234' };

const GOOD = [
  'external_id,name,phone,email,birthday,country,timezone,locale',
  'CSV-1,陈静,138 0013 8001,chen@example.com,1990-04-01,CN,Asia/Shanghai,zh',
  'CSV-2,Tom Lee,+1 415 555 2671,tom@example.com,,US,America/Los_Angeles,en',
].join('\n');
const BAD = ['external_id,name,phone,email', 'CSV-3,Bad Phone,12345,bad@example.com', 'CSV-4,Bad Email,13800138004,not-an-email'].join('\n');

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  expect((await admin.post('/api/staff/users', { ...SUPERVISOR, name: 'Sia', role: 'supervisor' })).status).toBe(201);
  expect((await admin.post('/api/staff/users', { ...AGENT, name: 'Alf', role: 'agent' })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const file = (text: string) => ({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('CSV tools on the customers page in Chromium', () => {
  it('checks, imports, lists a bad file’s problems, and exports what the filters show', async () => {
    const db = t.app.database.db;
    const asAgent = await openCustomersPage(browser, t.baseUrl, AGENT);
    expect(await asAgent.page.locator('#csv-tools').isHidden()).toBe(true);
    await asAgent.close();

    const signedIn = await openCustomersPage(browser, t.baseUrl, SUPERVISOR);
    const { page } = signedIn;
    await page.locator('#csv-tools').waitFor();
    await page.locator('#import-file').setInputFiles(file(GOOD));
    await page.locator('#import-check').click();
    await expect.poll(async () => page.locator('#import-status').textContent()).toBe('Checked 2 rows: 2 would be new, 0 would be updated. Nothing was written.');
    expect(await db.customer.count({ where: { externalId: { in: ['CSV-1', 'CSV-2'] } } })).toBe(0);

    await page.locator('#import-run').click();
    await expect.poll(async () => page.locator('#import-status').textContent()).toBe('Imported 2 rows: 2 new, 0 updated.');
    expect(await db.customer.findUniqueOrThrow({ where: { externalId: 'CSV-1' } })).toMatchObject({ name: '陈静', phone: '+8613800138001' });
    // The list shows the new cards.
    await expect.poll(() => page.locator('#rows tr').count()).toBe(2);

    await page.locator('#import-file').setInputFiles(file(BAD));
    await page.locator('#import-run').click();
    await expect.poll(async () => page.locator('#import-status').textContent()).toBe('2 problems found; nothing was written. Fix them and import again:');
    const problems = await page.locator('#import-rejections li').allTextContents();
    expect(problems).toEqual([expect.stringMatching(/^line 2, phone: /), expect.stringMatching(/^line 3, email: /)]);
    expect(await db.customer.count({ where: { externalId: { in: ['CSV-3', 'CSV-4'] } } })).toBe(0);

    await page.locator('#f-q').fill('138-0013-8001');
    await page.locator('#filters button[type="submit"]').click();
    await expect.poll(() => page.locator('#rows tr').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-customers').click()]);
    expect(download.url()).toContain('q=138-0013-8001');
    const exported = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(exported.startsWith('\uFEFF')).toBe(true);
    expect(exported).toContain('陈静');
    expect(exported).not.toContain('Tom Lee');
    expect(signedIn.errors).toEqual([]);
    await signedIn.close();
  });
});
