// "The customer is typing…" from the real web chat page in Chromium: typing in the composer reaches
// a staff member's live stream, and sending the message (or a pause) says the customer stopped.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { SseReader, type SseEvent } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'typing-boss@care.test', password: 'typing boss password' };

let t: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;
let staffStream: SseReader | undefined;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  browser = await launchChromium();
});
afterAll(async () => {
  staffStream?.close();
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function send(page: Page, text: string): Promise<void> {
  const before = await page.locator('#messages .msg[data-author="bot"]').count();
  await page.locator('#input').fill(text);
  await page.locator('#send').click();
  await expect.poll(() => page.locator('#messages .msg[data-author="bot"]').count(), { timeout: 20_000 }).toBeGreaterThan(before);
}

describe('the web chat page tells staff the customer is typing', () => {
  it('reports typing while the customer writes and stops when the message is sent, without getting in its way', async () => {
    const staff = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    staffStream = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: staff.cookie, ready: 'ready' });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const typingRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/webchat/typing')) typingRequests.push(request.postData() ?? '');
    });
    await page.goto(`${t.baseUrl}/?lang=en`);
    await page.waitForSelector('#app:not([aria-busy])');
    // The first message starts the session; typing is reported from then on.
    await send(page, 'Hello');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { channel: 'webchat' }, orderBy: { createdAt: 'desc' } });
    const customerTyping = (on: boolean) => (e: SseEvent) => {
      const data = e.data as Record<string, unknown>;
      return e.event === 'typing' && data.conversationId === conversation.id && data.author === 'customer' && data.on === on;
    };

    await page.locator('#input').pressSequentially('Where is my ', { delay: 20 });
    await staffStream.waitFor(customerTyping(true));
    await page.locator('#input').pressSequentially('parcel?', { delay: 20 });
    await page.locator('#send').click();
    await staffStream.waitFor(customerTyping(false));
    await expect.poll(() => page.locator('#messages .msg[data-author="customer"]').count()).toBe(2);
    // Twenty keystrokes, far fewer requests: at most one "on" every few seconds, then one "off".
    expect(typingRequests.length).toBeLessThan(10);
    expect(typingRequests.at(-1)).toBe('{"on":false}');
  });
});
