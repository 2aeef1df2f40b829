// The outgoing webhooks page in real Chromium, against a real receiver on 127.0.0.1: an admin
// reaches it from the console's top bar, registers an endpoint (the whsec_ secret shown once, copied,
// then gone for good), sends a test event and watches it arrive in the delivery log, sends it
// again, changes the events, rotates the secret (the new one shown once, both signing), disables
// and deletes the endpoint — once in English and once in Chinese, partly by keyboard. The API's
// refusals show as sentences. Agents and supervisors get no link and a refusal. No CSP violation.

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'webhooks-page-admin@care.test', password: 'webhooks page admin password' };
const SUPERVISOR = { email: 'webhooks-sue@care.test', password: 'Sue password long enough' };
const AGENT = { email: 'webhooks-art@care.test', password: 'Art password long enough' };

/** What each language's page says, as the staff member reads it. */
const WORDS = {
  en: {
    once: 'shown only this once',
    enabled: 'Enabled',
    disabled: 'Disabled',
    byAdmin: 'Disabled by an admin',
    none: 'None yet',
    testEvent: 'Test event',
    caseCreated: 'Complaint case opened',
    delivered: 'Delivered',
    keepsSigning: 'The old secret keeps signing every delivery too until',
    refused: 'That did not work: body.url:',
    chooseEvent: 'Choose at least one event.',
    empty: 'No endpoints yet.',
    forbidden: 'Webhooks are managed by admins.',
  },
  zh: {
    once: '密钥只显示这一次',
    enabled: '已启用',
    disabled: '已停用',
    byAdmin: '由管理员停用',
    none: '暂无',
    testEvent: '测试事件',
    caseCreated: '投诉工单已创建',
    delivered: '已送达',
    keepsSigning: '旧密钥也会继续为每次投递签名',
    refused: '操作未完成：body.url:',
    chooseEvent: '请至少选择一个事件。',
    empty: '还没有端点',
    forbidden: 'Webhook 仅限管理员管理。',
  },
} as const;

let t: TestApp;
let browser: Browser;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  t = await startTestApp({
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The receiver listens on 127.0.0.1 over http; deliveries go out from this process.
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      JOBS_IN_PROCESS: 'true',
      WEBHOOKS_RETRY_BASE_MS: '50',
      WEBHOOKS_TIMEOUT_MS: '3000',
    },
  });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  for (const [who, role, name] of [
    [SUPERVISOR, 'supervisor', 'Sue'],
    [AGENT, 'agent', 'Art'],
  ] as const) {
    expect((await admin.post('/api/staff/users', { email: who.email, name, password: who.password, role })).status).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await receiver?.close();
});

/** Every CSP violation Chromium reports on the page. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  return violations;
}

function verifies(secret: string, delivery: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(delivery.body, delivery.headers);
    return true;
  } catch {
    return false;
  }
}

describe('the webhooks page', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`lets an admin register, test, follow, rotate, disable and delete an endpoint (${lang})`, async () => {
      const words = WORDS[lang];
      const path = `/page-${lang}`;
      const url = receiver.url(path);
      const signedIn = await signInToConsole(browser, t.baseUrl, ADMIN);
      const { page } = signedIn;
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
      const violations = await watchViolations(page);
      await page.locator('#webhooks-link').click();
      await page.locator('#webhooks').waitFor();
      expect(page.url()).toBe(`${t.baseUrl}/console/webhooks.html`);
      if (lang === 'zh') {
        await page.locator('#lang').click();
        await expect.poll(() => page.locator('h1').textContent()).toBe('外发 Webhook');
      }
      await expect.poll(() => page.locator('#endpoints-empty').isVisible()).toBe(true);
      expect(await page.locator('#endpoints-empty').textContent()).toContain(words.empty);

      // Every event type the API offers is a checkbox, named in the page's language.
      const offered = (await (await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password)).get<{ eventTypes: string[] }>('/api/staff/webhooks')).body.eventTypes;
      expect(await page.locator('#register-events input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(offered);
      expect(await page.locator('#register-events label', { has: page.locator('input[value="case.created"]') }).textContent()).toContain(words.caseCreated);

      // Refusals, in words: no event chosen (the page), a URL the API does not take (the API's message).
      await page.locator('#register-url').fill(url);
      await page.locator('#register button[type=submit]').click();
      await expect.poll(() => page.locator('#register-error').textContent()).toBe(words.chooseEvent);
      await page.locator('#register-url').fill('not a url');
      await page.locator('#register-events input[value="case.created"]').check();
      await page.locator('#register button[type=submit]').click();
      await expect.poll(() => page.locator('#register-error').textContent()).toContain(words.refused);

      // Registering by keyboard: the checkbox ticked with Space, the form sent with Enter.
      await page.locator('#register-url').fill(url);
      await page.locator('#register-description').fill(`receiver ${lang}`);
      await page.locator('#register-events input[value="survey.answered"]').focus();
      await page.keyboard.press('Space');
      await page.locator('#register-url').focus();
      await page.keyboard.press('Enter');
      await page.locator('#secret-panel').waitFor();
      const secret = await page.locator('#secret-value').inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(await page.locator('#secret-panel').textContent()).toContain(words.once);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('secret-panel');
      await page.locator('#secret-copy').click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

      const row = page.locator('#endpoints tr', { hasText: url });
      await row.waitFor();
      const endpointId = (await row.getAttribute('data-id'))!;
      expect(await row.locator('.webhook-state').textContent()).toBe(words.enabled);
      expect(await row.textContent()).toContain(words.none);
      expect(await row.textContent()).toContain(words.caseCreated);

      // Stored: the secret goes, and nothing shows it again, not even after a reload.
      await page.locator('#secret-done').click();
      expect(await page.locator('#secret-panel').isHidden()).toBe(true);
      expect(await page.locator('#secret-value').inputValue()).toBe('');
      await page.reload();
      await page.locator('#webhooks').waitFor();
      await row.waitFor();
      expect(await page.content()).not.toContain(secret.slice('whsec_'.length));

      // A test event: it arrives signed with that secret, and the log shows it delivered.
      await row.locator('button[data-action=test]').click();
      await page.locator('#log').waitFor();
      expect(await page.locator('#log-title').textContent()).toContain(url);
      const [first] = await receiver.waitFor(path);
      expect(verifies(secret, first!)).toBe(true);
      const logged = page.locator('#deliveries tr[data-status=delivered]');
      await logged.waitFor();
      const cells = await logged.locator('td').allTextContents();
      expect(cells[0]).toContain(words.testEvent);
      expect(cells[2]).toBe(words.delivered);
      expect(cells[3]).toBe('1');
      expect(cells[4]).toBe('HTTP 204');
      await expect.poll(() => row.locator('.webhook-status').textContent()).toBe(words.delivered);

      // Sent again from the log: the same webhook-id reaches the receiver a second time.
      await logged.locator('button').click();
      const [, again] = await receiver.waitFor(path, 2);
      expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      await expect.poll(() => page.locator('#deliveries tr').first().getAttribute('data-status')).toBe('delivered');

      // Change the events in the dialog.
      await row.locator('button[data-action=events]').click();
      await page.locator('#events-dialog input[value="crisis.detected"]').check();
      await page.locator('#events-dialog button[type=submit]').click();
      await expect
        .poll(async () => (await t.app.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).events)
        .toBe(JSON.stringify(['case.created', 'survey.answered', 'crisis.detected']));

      // Rotate: confirmed, the new secret shown once with how long the old one keeps signing.
      await row.locator('button[data-action=rotate]').click();
      await page.locator('#confirm-yes').click();
      await expect.poll(() => page.locator('#secret-value').inputValue()).toMatch(/^whsec_/);
      const rotated = await page.locator('#secret-value').inputValue();
      expect(rotated).not.toBe(secret);
      expect(await page.locator('#secret-for').textContent()).toContain(words.keepsSigning);
      await row.locator('button[data-action=test]').click();
      const [, , third] = await receiver.waitFor(path, 3);
      expect(verifies(rotated, third!)).toBe(true);
      expect(verifies(secret, third!)).toBe(true);
      await page.locator('#secret-done').click();

      // Disable: said so, with the reason, and no more test button.
      await row.locator('button[data-action=disable]').click();
      await expect.poll(() => row.locator('.webhook-state').textContent()).toBe(words.disabled);
      expect(await row.textContent()).toContain(words.byAdmin);
      expect(await row.locator('button[data-action=test]').count()).toBe(0);
      expect((await t.app.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).enabled).toBe(false);

      // Delete: Escape keeps it, confirming deletes it with its log.
      await row.locator('button[data-action=delete]').click();
      await page.locator('#confirm-dialog').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('#confirm-dialog').isVisible()).toBe(false);
      expect(await row.count()).toBe(1);
      await row.locator('button[data-action=delete]').click();
      await page.locator('#confirm-yes').click();
      await expect.poll(() => row.count()).toBe(0);
      expect(await page.locator('#log').isHidden()).toBe(true);
      expect(await page.locator('#endpoints-empty').isVisible()).toBe(true);
      expect(await t.app.database.db.auditLog.findMany({ where: { entityId: endpointId }, orderBy: { createdAt: 'asc' }, select: { action: true } })).toEqual(
        ['webhook.created', 'webhook.redelivered', 'webhook.updated', 'webhook.secret_rotated', 'webhook.updated', 'webhook.deleted'].map((action) => ({ action })),
      );

      expect(violations).toEqual([]);
      expect(signedIn.errors).toEqual([]);
      await signedIn.close();
    });
  }

  it('is not for agents or supervisors: no link, and the page says so', async () => {
    for (const who of [AGENT, SUPERVISOR]) {
      const { page, errors, close } = await signInToConsole(browser, t.baseUrl, who);
      expect(await page.locator('#webhooks-link').isHidden()).toBe(true);
      await page.goto(`${t.baseUrl}/console/webhooks`);
      await page.waitForSelector('#app:not([aria-busy])');
      expect(await page.locator('#notice').textContent()).toBe(WORDS.en.forbidden);
      expect(await page.locator('#webhooks').isHidden()).toBe(true);
      expect(errors).toEqual([]);
      await close();
    }
    // Signed out, the page asks for an admin's sign-in.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/console/webhooks`);
    await page.waitForSelector('#app:not([aria-busy])');
    expect(await page.locator('#notice').textContent()).toBe('Sign in to the console as an admin first.');
    await context.close();
  });
});
