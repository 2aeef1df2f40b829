// The SLA timer in real Chromium: a customer waiting for a person shows the first-reply timer on
// the console's queue; once the target passes and the pass marks the breach, the live event brings
// the supervisor a toast and the timer turns red.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole, type ConsolePage } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'sla-lead@care.test', password: 'sla lead password' };
const SUPERVISOR = { email: 'suki@care.test', password: 'suki password 123', name: 'Suki' };

describe('SLA timers in the console', () => {
  let t: TestApp;
  let browser: Browser;
  let supervisor: ConsolePage;
  let now = new Date();

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SLA_CHECK_INTERVAL_MS: '0' } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/staff/users', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(201);
    browser = await launchChromium();
    supervisor = await signInToConsole(browser, t.baseUrl, SUPERVISOR);
    await supervisor.page.locator('#live[data-state="on"]').waitFor();
  });
  afterAll(async () => {
    await supervisor?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows the first-reply timer on a queued conversation and turns it red on a breach', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Tao', locale: 'en' });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const row = supervisor.page.locator('.queue-item', { hasText: 'Tao' });
    const timer = row.locator('.chip.sla');
    await timer.waitFor();
    expect(await timer.getAttribute('data-sla-state')).toBe('ok');
    expect(await timer.textContent()).toMatch(/^first reply in \d+m \d+s$/);

    // Tier C: 30 minutes to the first reply (config/sla.yaml).
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await t.app.sla.monitor.check())?.breaches).toHaveLength(1);
    await supervisor.page.locator('#toast', { hasText: 'SLA breached: first reply target passed for a tier-C customer' }).waitFor();
    await row.locator('.chip.sla-red', { hasText: /first reply overdue/ }).waitFor();
  });
});
