// The web chat page when the network misbehaves, in real Chromium: a send the server could not take
// shows "Not sent." with Retry and goes through once when retried; a live stream that ends comes
// back with a fresh one-use ticket, resumes after the last event seen, and shows each message once.

import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SESSION_KEY = 'care.webchat.session';

let t: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  expect(pageErrors.splice(0), 'errors thrown by the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openPage(): Promise<{ page: Page; urls: string[] }> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${t.baseUrl}/?lang=en`);
  await page.waitForSelector('#app:not([aria-busy])');
  return { page, urls };
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#send').click();
}

const customer = (page: Page) => page.locator('#messages .msg[data-author="customer"]');

async function messageIds(page: Page): Promise<string[]> {
  return page.locator('#messages .msg').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id ?? ''));
}

describe('web chat delivery', () => {
  it('a send the server could not take shows Retry, and retrying delivers it once', async () => {
    const { page } = await openPage();
    await send(page, 'Hello');
    await expect.poll(() => customer(page).first().getAttribute('data-id'), { timeout: 20_000 }).toMatch(/^\d+$/);

    let refused = 0;
    await page.route('**/api/webchat/messages', async (route) => {
      if (refused++ === 0) {
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The service is busy, please try again.' } }) });
      } else {
        await route.continue();
      }
    });
    await send(page, 'How long does delivery take?');
    const mine = customer(page).last();
    await expect.poll(() => mine.getAttribute('data-state')).toBe('failed');
    expect(await mine.locator('.msg-meta').innerText()).toContain('Not sent.');
    expect(await page.locator('#error').textContent()).toBe('The service is busy, please try again.');

    await mine.locator('.retry').click();
    await expect.poll(() => mine.getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    await expect.poll(() => mine.getAttribute('data-id'), { timeout: 20_000 }).toMatch(/^\d+$/);
    expect(await mine.locator('.msg-meta').count()).toBe(0);
    expect(await page.locator('#error').textContent()).toBe('');
    await expect.poll(() => page.locator('#messages .msg[data-author="bot"]').last().locator('.bubble').textContent()).toMatch(/ship|deliver/i);

    const ids = await messageIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await customer(page).locator('.bubble').allTextContents()).toEqual(['Hello', 'How long does delivery take?']);
  });

  it('when the live stream ends, it returns with a fresh ticket, resumes after the last event, and shows new messages once', async () => {
    const { page, urls } = await openPage();
    // The first stream carries one numbered event and then ends, as a dropped connection does.
    let streams = 0;
    await page.route('**/api/webchat/events?*', async (route) => {
      if (streams++ === 0) await route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'id: 1\nevent: status\ndata: {"status":"bot"}\n\n' });
      else await route.continue();
    });
    await send(page, 'Hello');
    await expect.poll(() => customer(page).first().getAttribute('data-id'), { timeout: 20_000 }).toMatch(/^\d+$/);
    await expect.poll(() => streams, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('#conn').isHidden(), { timeout: 20_000 }).toBe(true);

    // Another tab (here: Node) goes on with the conversation; the page hears it on the new stream.
    const { token } = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY))!) as { token: string };
    const response = await fetch(`${t.baseUrl}/api/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'How long does delivery take?', clientMessageId: randomUUID() }),
    });
    const { replies } = (await response.json()) as { replies: { id: number }[] };
    await page.locator(`#messages .msg[data-id="${replies.at(-1)!.id}"]`).waitFor({ timeout: 20_000 });

    const opened = urls.filter((url) => url.includes('/api/webchat/events?'));
    // Each connection has its own ticket; the reconnect says where it left off; the token is in no URL.
    expect(new Set(opened.map((url) => new URL(url).searchParams.get('ticket'))).size).toBe(opened.length);
    expect(new URL(opened[0]!).searchParams.get('lastEventId')).toBeNull();
    expect(new URL(opened[1]!).searchParams.get('lastEventId')).toBe('1');
    expect(urls.filter((url) => url.includes(token))).toEqual([]);

    const ids = await messageIds(page);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await customer(page).locator('.bubble').allTextContents()).toEqual(['Hello', 'How long does delivery take?']);
  });
});
