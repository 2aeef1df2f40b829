// The web chat page and its session token (issue 12, finding 1), in real Chromium: the token never
// appears in a URL the page requests (the live stream uses a one-use ticket), and a session the
// server no longer accepts is replaced by a new one, with a visible "start a new conversation".

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SESSION_KEY = 'care.webchat.session';
const DAY_MS = 24 * 60 * 60_000;

let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page, and every URL it requests. */
async function openPage(query: string): Promise<{ page: Page; urls: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(`${t.baseUrl}/${query}`);
  await page.waitForSelector('#app:not([aria-busy])');
  return { page, urls };
}

async function send(page: Page, text: string): Promise<void> {
  const before = await page.locator('#messages .msg[data-author="bot"]').count();
  await page.locator('#input').fill(text);
  await page.locator('#send').click();
  await expect.poll(() => page.locator('#messages .msg[data-author="bot"]').count(), { timeout: 20_000 }).toBeGreaterThan(before);
}

async function savedSession(page: Page): Promise<{ sessionId: string; token: string } | null> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  return raw ? (JSON.parse(raw) as { sessionId: string; token: string }) : null;
}

/**
 * Leaves the chat, lets the session go unused for `days`, and comes back to it. The page is left
 * first: one still open would meet the expiry on its own (a history sync or stream request in
 * flight) and replace the session before the test looks.
 */
async function awayFor(days: number, page: Page, sessionId: string): Promise<void> {
  const url = page.url();
  await page.goto('about:blank');
  await makeUnusedFor(days, sessionId);
  await page.goto(url);
}

async function makeUnusedFor(days: number, sessionId: string): Promise<void> {
  const identity = await t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'webchat', externalId: sessionId } });
  await t.app.database.db.channelIdentity.update({ where: { id: identity.id }, data: { lastSeenAt: new Date(Date.now() - days * DAY_MS) } });
}

describe('the web chat page keeps its token out of URLs', () => {
  it('talks, streams live events and reloads without the token in any URL', async () => {
    const { page, urls } = await openPage('?lang=en');
    await send(page, 'Hello');
    await expect.poll(() => page.locator('#conn').isHidden()).toBe(true);
    await page.reload();
    await page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => page.locator('#conn').isHidden()).toBe(true);
    await send(page, 'How long does delivery take?');

    const session = await savedSession(page);
    expect(session).not.toBeNull();
    const streams = urls.filter((url) => url.includes('/api/webchat/events?'));
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(
      streams.every((url) => /\/api\/webchat\/events\?ticket=[\w-]+$/.test(url)),
      streams.join('\n'),
    ).toBe(true);
    expect(urls.filter((url) => url.includes(session!.token))).toEqual([]);
  });
});

describe('an expired session', () => {
  it('is replaced by a new one; the page says so and offers to start a new conversation', async () => {
    const { page } = await openPage('?lang=en');
    await send(page, 'Hello');
    const first = (await savedSession(page))!;
    await awayFor(31, page, first.sessionId);
    await page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/session has expired/);
    const restart = page.locator('#restart');
    await expect.poll(() => restart.isVisible()).toBe(true);
    expect(await restart.textContent()).toBe('Start a new conversation');
    // A fresh session is ready.
    await expect.poll(async () => (await savedSession(page))?.sessionId).not.toBe(first.sessionId);

    // "Start a new conversation" clears what belonged to the old one, and the chat goes on afresh.
    await restart.click();
    await expect.poll(() => page.locator('#messages .msg').count()).toBe(0);
    expect(await restart.isVisible()).toBe(false);
    expect(await page.locator('#error').textContent()).toBe('');
    await send(page, 'How long does delivery take?');
    const second = (await savedSession(page))!;
    expect(second.sessionId).not.toBe(first.sessionId);
    const response = await fetch(`${t.baseUrl}/api/webchat/history`, { headers: { authorization: `Bearer ${second.token}` } });
    const history = (await response.json()) as { messages: { author: string; text: string }[] };
    expect(history.messages.filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['How long does delivery take?']);
  });

  it('without the button, the next message simply goes on in the new session', async () => {
    const { page } = await openPage('?lang=en');
    await send(page, 'Hello');
    const first = (await savedSession(page))!;
    await awayFor(31, page, first.sessionId);
    await page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => page.locator('#restart').isVisible()).toBe(true);
    await send(page, 'How long does delivery take?');
    const second = (await savedSession(page))!;
    expect(second.sessionId).not.toBe(first.sessionId);
    await expect.poll(() => page.locator('#conn').isHidden()).toBe(true);
    expect(await page.locator('#restart').isVisible()).toBe(false);
  });

  it('in Chinese: 开始新的对话', async () => {
    const { page } = await openPage('?lang=zh');
    await send(page, '你好');
    await awayFor(31, page, (await savedSession(page))!.sessionId);
    await page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => page.locator('#restart').isVisible()).toBe(true);
    expect(await page.locator('#restart').textContent()).toBe('开始新的对话');
    expect(await page.locator('#error').textContent()).toMatch(/会话已过期/);
  });
});
