// The crisis banner in real Chromium: a burst of complaints through the web chat, one detection
// pass, and every open console shows the banner at once; a supervisor confirms it as an incident
// with a holding statement from the banner (an agent sees the news without the buttons), the bot
// then tells a matching customer that statement, and the supervisor reads the incident's report and
// closes it with an update for the customers told.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole, type ConsolePage } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'crisis-lead@care.test', password: 'crisis lead password' };
const SUPERVISOR = { email: 'sara@care.test', password: 'sara password 123', name: 'Sara' };
const AGENT = { email: 'otto@care.test', password: 'otto password 123', name: 'Otto' };
const STATEMENT = { zh: '部分 Quokka 吸尘器的电池有缺陷，我们会免费更换。', en: 'Some Quokka vacuum batteries are faulty; we will replace them for free.' };

describe('the crisis banner in the console', () => {
  let t: TestApp;
  let browser: Browser;
  let supervisor: ConsolePage;
  let agent: ConsolePage;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, CRISIS_DETECT_INTERVAL_MS: '0' } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    expect((await admin.post('/api/staff/users', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(201);
    expect((await admin.post('/api/staff/users', { ...AGENT, role: 'agent' })).status).toBe(201);
    browser = await launchChromium();
    [supervisor, agent] = await Promise.all([signInToConsole(browser, t.baseUrl, SUPERVISOR), signInToConsole(browser, t.baseUrl, AGENT)]);
    await Promise.all([supervisor, agent].map((c) => c.page.locator('#live[data-state="on"]').waitFor()));
  });
  afterAll(async () => {
    await supervisor?.close();
    await agent?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows a new signal in every console and lets a supervisor confirm it with a holding statement', async () => {
    for (let i = 0; i < 6; i++) {
      const customer = await new WebchatCustomer(t.baseUrl).start({ name: `Burst ${i}`, locale: 'en' });
      await customer.send('My Quokka vacuum battery died after one week');
    }
    const signals = await t.app.crisis.detector.detect();
    // One burst, one signal, named by one of its words; the banner names the others.
    expect(signals).toHaveLength(1);
    const key = signals![0]!.key;
    expect(['quokka', 'vacuum', 'battery']).toContain(key);

    const text = new RegExp(`A burst of complaints about “${key}”: 6 in the last hour \\(usually ~0\\.5\\)`);
    await agent.page.locator('#crisis-banner .crisis-signal', { hasText: text }).waitFor();
    const row = supervisor.page.locator('#crisis-banner .crisis-signal', { hasText: text });
    await row.waitFor();
    expect(await agent.page.locator('#crisis-banner [data-action="confirm"]').count()).toBe(0);

    await row.getByText(/its complaints also say: .*quokka|its complaints also say: .*vacuum/).waitFor();

    // A statement being typed survives the live events that arrive meanwhile.
    await row.locator('textarea[data-lang="zh"]').fill(STATEMENT.zh);
    const reread = supervisor.page.waitForResponse((response) => response.url().endsWith('/api/staff/crises'));
    await t.app.crisis.events.publish({ type: 'changed', change: 'dismissed', signalId: 'another' });
    await reread;
    // The banner has drawn what it read (the response's handler runs before the next task).
    await supervisor.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await row.locator('textarea[data-lang="zh"]').inputValue()).toBe(STATEMENT.zh);
    await row.locator('textarea[data-lang="en"]').fill(STATEMENT.en);
    await row.locator('[data-action="confirm"]').click();
    const incidentRow = supervisor.page.locator('#crisis-banner .crisis-incident', { hasText: `Incident open: keyword: ${key}` });
    await incidentRow.waitFor();
    await supervisor.page.locator('#crisis-banner .crisis-signal', { hasText: text }).waitFor({ state: 'detached' });

    // The customer does not use the signal's word, but two of the burst's.
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Ivy', locale: 'en' });
    expect(said(await customer.send('The Quokka vacuum I bought will not charge any more'))).toContain(STATEMENT.en);

    // Switching language draws the banner anew in that language.
    await supervisor.page.locator('#lang').click();
    await supervisor.page.locator('#crisis-banner .crisis-incident', { hasText: '危机事件处理中' }).locator('[data-action="report"]', { hasText: '报告' }).waitFor();
    await supervisor.page.locator('#lang').click();
    await incidentRow.locator('[data-action="report"]', { hasText: 'Report' }).waitFor();

    // The report, then the close with an update for the customer told.
    await incidentRow.locator('[data-action="report"]').click();
    await incidentRow.locator('.crisis-report', { hasText: '1 customers told the statement' }).waitFor();
    await incidentRow.locator('.crisis-timeline li', { hasText: 'confirmed as an incident (by Sara)' }).waitFor();
    await incidentRow.locator('[data-action="close-open"]').click();
    await incidentRow.locator('[data-field="notify"]').check();
    await incidentRow.locator('[data-action="close"]').click();
    await supervisor.page.getByText('Write the update in both languages').waitFor();
    await incidentRow.locator('textarea[data-field="update"][data-lang="zh"]').fill('新电池已寄出。');
    await incidentRow.locator('textarea[data-field="update"][data-lang="en"]').fill('The new batteries are on their way.');
    await incidentRow.locator('[data-action="close"]').click();
    await supervisor.page.getByText('Incident closed; updates planned: 1.').waitFor();
    await incidentRow.waitFor({ state: 'detached' });
    const planned = await t.app.database.db.followUp.findMany({ where: { customerId: customer.customerId, kind: 'outreach' } });
    expect(planned).toHaveLength(1);
    expect([...supervisor.errors, ...agent.errors]).toEqual([]);
  });
});
