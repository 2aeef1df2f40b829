// The personal-data actions and the audit log in real Chromium: an admin sees "Export data" and
// "Erase personal data" on a customer's card, downloads the export, erases after confirming, and
// reads the erasure in the audit log page; a supervisor may only export; an agent sees neither
// the actions nor the audit log link.

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ARTIFACTS = 'test-artifacts';
const ADMIN = { email: 'privacy-lead@care.test', password: 'umbrella lantern quietly 47 orbits' };
const PEOPLE = { supervisor: { email: 'sia-privacy@care.test', password: 'Sia has a long password 123' }, agent: { email: 'abe-privacy@care.test', password: 'Abe has a long password 123' } };

let t: TestApp;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  for (const [role, person] of Object.entries(PEOPLE)) {
    expect((await admin.post('/api/staff/users', { ...person, name: role === 'agent' ? 'Abe' : 'Sia', role })).status).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedInPage(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US', acceptDownloads: true });
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

/** Opens the customer's conversation from the "With bot" tab. */
async function openCustomer(page: Page, conversationId: string): Promise<void> {
  await page.locator('.tab[data-status="bot"]').click();
  await page.locator(`.queue-item[data-conversation-id="${conversationId}"]`).click();
  await page.locator('#details').waitFor({ state: 'visible' });
}

async function chattingCustomer(name: string): Promise<{ customer: WebchatCustomer; conversationId: string }> {
  const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
  await customer.send('How long does delivery take?');
  const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
  return { customer, conversationId: conversation.id };
}

describe('personal data in the console', () => {
  it('lets an admin export and, after confirming, erase; the audit log page shows it', async () => {
    const { customer, conversationId } = await chattingCustomer('Erin Erasable');
    const page = await signedInPage(ADMIN.email, ADMIN.password);
    await openCustomer(page, conversationId);
    const actions = page.locator('#privacy-actions');
    await actions.waitFor({ state: 'visible' });

    const [download] = await Promise.all([page.waitForEvent('download'), actions.getByRole('link', { name: 'Export data' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^customer-${customer.customerId}-\\d{4}-\\d{2}-\\d{2}\\.json$`));

    page.once('dialog', (dialog) => void dialog.accept());
    await actions.getByRole('button', { name: 'Erase personal data' }).click();
    await expect.poll(() => t.app.database.db.customer.findUniqueOrThrow({ where: { id: customer.customerId } }).then((c) => c.erasedAt !== null)).toBe(true);
    await expect.poll(() => page.locator('#transcript').textContent()).toContain('[erased]');
    expect(await page.locator('#transcript').textContent()).not.toContain('How long does delivery take?');
    await page.screenshot({ path: `${ARTIFACTS}/console-privacy-erased.png` });

    await page.locator('#audit-link').click();
    await page.waitForURL(/\/console\/audit\.html$/);
    await page.locator('#audit').waitFor();
    await page.locator('#f-action').fill('customer.erased');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#rows tr').count()).toBe(1);
    expect(await page.locator('#rows').textContent()).toContain(customer.customerId);
    expect(await page.locator('#csv').getAttribute('href')).toBe('/api/staff/audit.csv?action=customer.erased');
    await page.screenshot({ path: `${ARTIFACTS}/console-audit-log.png` });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('gives a supervisor the export only, and an agent neither the actions nor the audit log', async () => {
    const { conversationId } = await chattingCustomer('Sam Kept');
    const supervisor = await signedInPage(PEOPLE.supervisor.email, PEOPLE.supervisor.password);
    await openCustomer(supervisor, conversationId);
    await supervisor.locator('#privacy-actions').waitFor({ state: 'visible' });
    expect(await supervisor.locator('#privacy-actions').getByRole('link', { name: 'Export data' }).count()).toBe(1);
    expect(await supervisor.locator('#privacy-actions').getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);
    expect(await supervisor.locator('#audit-link').isHidden()).toBe(true);
    await supervisor.context().close();

    const agent = await signedInPage(PEOPLE.agent.email, PEOPLE.agent.password);
    await openCustomer(agent, conversationId);
    expect(await agent.locator('#privacy-actions').isHidden()).toBe(true);
    expect(await agent.locator('#audit-link').isHidden()).toBe(true);
    await agent.goto(`${t.baseUrl}/console/audit`);
    await agent.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => agent.locator('#notice').textContent()).toMatch(/for admins/);
    expect(errors).toEqual([]);
    await agent.context().close();
  });
});
