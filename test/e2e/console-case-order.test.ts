// The order a complaint names, as staff see it on the case in real Chromium: an order found among
// the customer's own orders is shown with its date, items and amount; a number that is not theirs
// is flagged for checking.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'orders-lead@care.test', password: 'orders lead password' };
const AGENT = { email: 'olga@care.test', password: 'Olga password 1234' };

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  expect((await admin.post('/api/staff/users', { ...AGENT, name: 'Olga', role: 'agent' })).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A customer who complains naming an order number and asks for a person. */
async function complainAbout(name: string, orderNumber: string, ownOrder: boolean): Promise<void> {
  const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
  if (ownOrder) {
    await t.app.database.db.order.create({
      data: {
        id: randomUUID(),
        number: orderNumber,
        customerId: customer.customerId,
        amountCents: 5900,
        currency: 'CNY',
        placedAt: new Date('2026-11-28T02:00:00Z'),
        items: '1 × milk',
        source: 'staff',
      },
    });
  }
  await customer.send(`My kettle from order ${orderNumber} leaks, very disappointing`);
  await customer.send('I want to talk to a person');
}

describe('the order on a case in Chromium', () => {
  it('shows a customer’s own order with its details and flags a number that is not theirs', async () => {
    await complainAbout('Olivia Own', 'JD20261128771', true);
    await complainAbout('Uma Unknown', 'JD20261128999', false);

    const signedIn = await signInToConsole(browser, t.baseUrl, AGENT);
    const { page } = signedIn;

    await page.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Olivia Own' }).click();
    const verified = page.locator('#cases .case-order[data-order="verified"]');
    await verified.waitFor();
    const text = (await verified.textContent()) ?? '';
    expect(text).toContain('JD20261128771');
    expect(text).toContain('1 × milk');
    expect(text).toMatch(/59\.00/);

    await page.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Uma Unknown' }).click();
    const unverified = page.locator('#cases .case-order[data-order="unverified"]');
    await unverified.waitFor();
    expect(await unverified.textContent()).toBe("Order JD20261128999: not among this customer's orders — check it");
    expect(signedIn.errors).toEqual([]);
    await signedIn.close();
  });
});
